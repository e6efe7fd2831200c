import ConvEngine
import Testing
@testable import ConvTermApp

/// Where layers land in the generated module: ConvTerm's names where PyTorch allows them.
@Suite struct TorchLayoutTests {
    @Test func convnetjsNamesAndShapes() throws {
        let layout = try TorchLayout(try #require(Zoo.spec(named: "convnetjs-cifar10")))
        #expect(layout.entries.map(\.torchName) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                                                     "conv3.weight", "conv3.bias", "fc1.weight", "fc1.bias"])
        #expect(layout.entries[0].shape == [16, 3, 5, 5])
        #expect(layout.entries[6].shape == [10, 320])
    }

    @Test func dottedTopLevelNamesBecomeModuleDictsAndBlocksKeepRelativeNames() throws {
        let layout = try TorchLayout(try #require(Zoo.spec(named: "resnet18")))
        let block = try #require(layout.layers.first { $0.name == "layer2.0" })
        #expect(block.keys == ["layer2", "0"])
        #expect(block.body.first?.keys == ["conv1"])
        #expect(block.shortcut?.first?.path == "layer2.0.shortcut.conv1")
        #expect(layout.entries.allSatisfy { $0.torchName == $0.ourName })
    }

    /// Grouped weights are [K, C/G, kh, kw] and transposed ones [C, K, kh, kw], as PyTorch's; the
    /// module spells out dilation, groups, output padding and bilinear's align_corners.
    @Test func newLayersNamesShapesAndModules() throws {
        let spec = try SpecParser.parse("""
        input 8x8x4
        dw: conv 4 3x3 pad 2 dilation 2 groups 4
        up: deconv 6 4x4 stride 2 pad 1 outpad 1 nobias
        upsample 2x bilinear
        upsample 3x
        leakyrelu 0.2
        sigmoid
        tanh
        """)
        let layout = try TorchLayout(spec)
        #expect(layout.entries.map(\.torchName) == ["dw.weight", "dw.bias", "up.weight"])
        #expect(layout.entries.map(\.shape) == [[4, 1, 3, 3], [4], [4, 6, 4, 4]])
        let model = try PyTorchModelScript.text(layout: layout, title: "t")
        #expect(model.contains("nn.Conv2d(4, 4, kernel_size=3, padding=2, dilation=2, groups=4)  # -> 8x8x4"))
        #expect(model.contains("nn.ConvTranspose2d(4, 6, kernel_size=4, stride=2, padding=1, output_padding=1, bias=False)  # -> 17x17x6"))
        #expect(model.contains("nn.Upsample(scale_factor=2, mode=\"bilinear\", align_corners=False)  # -> 34x34x6"))
        #expect(model.contains("nn.Upsample(scale_factor=3, mode=\"nearest\")"))
        #expect(model.contains("nn.LeakyReLU(0.2)") && model.contains("nn.Sigmoid()") && model.contains("nn.Tanh()"))
    }

    @Test func namesPythonCannotTakeAreMadeIdentifiers() throws {
        let spec = try SpecParser.parse("""
        input 8x8x3
        my-conv: conv 4 3x3
        forward: conv 4 3x3
        b: residual {
          a.x: conv 4 3x3 pad 1
        }
        fc 2
        """)
        let layout = try TorchLayout(spec)
        #expect(layout.layers.map(\.keys) == [["my_conv"], ["forward_"], ["b"], ["fc1"]])
        #expect(layout.layers[2].body.first?.keys == ["a_x"])
        #expect(layout.entries.first?.torchName == "my_conv.weight")
        #expect(layout.entries.first?.ourName == "my-conv.weight")
    }
}
