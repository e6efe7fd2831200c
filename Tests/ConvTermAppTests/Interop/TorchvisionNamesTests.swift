import ConvEngine
import Testing
@testable import ConvTermApp

/// torchvision's names, written here from torchvision's module definitions (not from the rules
/// under test), for a sample of each net, and the number of weight tensors each state_dict holds.
@Suite struct TorchvisionNamesTests {
    static func names(_ net: String) throws -> [String: String] {
        let layout = try TorchLayout(try #require(Zoo.spec(named: net)))
        return try #require(TorchvisionNames.names(network: net, layout: layout))
    }

    @Test func vgg16() throws {
        let n = try Self.names("vgg16")
        #expect(n["conv1_1.weight"] == "features.0.weight")
        #expect(n["conv2_1.bias"] == "features.5.bias")
        #expect(n["conv5_3.weight"] == "features.28.weight")
        #expect(n["fc6.weight"] == "classifier.0.weight")
        #expect(n["fc7.bias"] == "classifier.3.bias")
        #expect(n["fc8.weight"] == "classifier.6.weight")
        #expect(n.count == 32)   // 13 convs and 3 linears, weight and bias each
    }

    @Test func resnets() throws {
        let r18 = try Self.names("resnet18")
        #expect(r18["conv1.weight"] == "conv1.weight")
        #expect(r18["bn1.running_var"] == "bn1.running_var")
        #expect(r18["layer1.0.conv2.weight"] == "layer1.0.conv2.weight")
        #expect(r18["layer2.0.shortcut.conv1.weight"] == "layer2.0.downsample.0.weight")
        #expect(r18["layer4.0.shortcut.bn1.running_mean"] == "layer4.0.downsample.1.running_mean")
        #expect(r18["fc.bias"] == "fc.bias")
        // torchvision's resnet18 state_dict: 122 entries, 20 of them num_batches_tracked.
        #expect(r18.count == 102)
        let r50 = try Self.names("resnet50")
        #expect(r50["layer1.0.conv3.weight"] == "layer1.0.conv3.weight")
        #expect(r50["layer1.0.shortcut.conv1.weight"] == "layer1.0.downsample.0.weight")
        #expect(r50["layer3.5.bn3.bias"] == "layer3.5.bn3.bias")
    }

    @Test func googlenet() throws {
        let n = try Self.names("googlenet")
        #expect(n["conv1.weight"] == "conv1.conv.weight")
        #expect(n["bn1.running_mean"] == "conv1.bn.running_mean")
        #expect(n["bn3.weight"] == "conv3.bn.weight")
        #expect(n["inception3a.branch1.conv1.weight"] == "inception3a.branch1.conv.weight")
        #expect(n["inception4e.branch2.conv2.weight"] == "inception4e.branch2.1.conv.weight")
        #expect(n["inception5b.branch3.bn1.bias"] == "inception5b.branch3.0.bn.bias")
        #expect(n["inception3b.branch4.conv1.weight"] == "inception3b.branch4.1.conv.weight")
        #expect(n["fc.weight"] == "fc.weight")
        // 57 BasicConv2d (3 + 9 inceptions x 6) of a conv weight and 4 batch-norm tensors, plus fc.
        #expect(n.count == 57 * 5 + 2)
        #expect(Set(n.values).count == n.count)
    }

    @Test func otherNetsHaveNoTorchvisionNames() throws {
        let layout = try TorchLayout(try #require(Zoo.spec(named: "convnetjs-cifar10")))
        #expect(TorchvisionNames.names(network: "convnetjs-cifar10", layout: layout) == nil)
    }
}
