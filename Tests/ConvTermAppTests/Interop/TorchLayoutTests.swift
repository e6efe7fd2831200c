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
