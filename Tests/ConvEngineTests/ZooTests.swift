import Testing
@testable import ConvEngine

/// Every number here is the lecture's (or torchinfo's) and was written down from the slides,
/// not produced by the engine.
@Suite struct ZooTests {
    func shapes(_ name: String, convention: MultiplyAddConvention = .lecture) throws -> NetworkShapes {
        let spec = try #require(Zoo.spec(named: name), "zoo net \(name) must parse")
        return try NetworkShapes(spec).validated()
    }

    @Test func everyZooNetParsesFitsAndPrintsBackToItsText() throws {
        for entry in Zoo.entries {
            let spec = try SpecParser.parse(entry.text)
            let shapes = NetworkShapes(spec)
            #expect(shapes.problems.isEmpty, "\(entry.name): \(shapes.problems)")
            let withoutComments = entry.text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") + "\n"
            #expect(spec.text == withoutComments, "\(entry.name) does not print back to its own text")
            #expect(try SpecParser.parse(spec.text) == spec)
        }
    }

    @Test func lectureFirstConvLayer() throws {
        let s = try shapes("lecture-conv")
        let conv1 = try #require(s.layer(named: "conv1"))
        #expect(conv1.output == Volume(width: 28, height: 28, depth: 6))
        #expect(conv1.weights == 450)
        #expect(conv1.params == 456)
        #expect(conv1.multiplyAdds == 352_800)
        #expect(conv1.fullyConnectedAlternative == 14_450_688)
        #expect(s.layer(named: "conv2")?.output == Volume(width: 24, height: 24, depth: 10))
    }

    @Test func alexNetTableRows() throws {
        let s = try shapes("alexnet")
        let expected: [(String, Volume)] = [
            ("conv1", .init(width: 55, height: 55, depth: 96)), ("pool1", .init(width: 27, height: 27, depth: 96)),
            ("norm1", .init(width: 27, height: 27, depth: 96)), ("conv2", .init(width: 27, height: 27, depth: 256)),
            ("pool2", .init(width: 13, height: 13, depth: 256)), ("norm2", .init(width: 13, height: 13, depth: 256)),
            ("conv3", .init(width: 13, height: 13, depth: 384)), ("conv4", .init(width: 13, height: 13, depth: 384)),
            ("conv5", .init(width: 13, height: 13, depth: 256)), ("pool3", .init(width: 6, height: 6, depth: 256)),
            ("fc6", .init(vector: 4096)), ("fc7", .init(vector: 4096)), ("fc8", .init(vector: 1000)),
        ]
        for (name, volume) in expected {
            #expect(s.layer(named: name)?.output == volume, "\(name)")
        }
        #expect(s.layer(named: "conv1")?.weights == 34_848)
        #expect(s.layer(named: "conv1")?.params == 34_944)
        #expect(s.layer(named: "pool1")?.params == 0)
    }

    /// The two-GPU split: Caffe's bvlc_alexnet has 60,965,224 parameters; conv2 sees 96/2 = 48
    /// channels per filter (256 x 5 x 5 x 48 = 307,200 weights), half the one-tower table's.
    @Test func alexNetOnTwoGPUsHasCaffesParameterCount() throws {
        let s = try shapes("alexnet-2gpu")
        #expect(s.totalParams == 60_965_224)
        #expect(s.layer(named: "conv2")?.weights == 307_200)
        #expect(s.layer(named: "conv3")?.weights == 884_736)
        #expect(s.layer(named: "conv5")?.output == Volume(width: 13, height: 13, depth: 256))
        #expect(try shapes("alexnet").layer(named: "conv2")?.weights == 614_400)
    }

    @Test func zfnetChangesConv1AndConv345() throws {
        let s = try shapes("zfnet")
        #expect(s.layer(named: "conv1")?.output == Volume(width: 111, height: 111, depth: 96))
        #expect(s.layer(named: "conv3")?.output.depth == 512)
        #expect(s.layer(named: "conv4")?.output.depth == 1024)
        #expect(s.layer(named: "conv5")?.output.depth == 512)
    }

    /// Issue 14: with conv2 at stride 1, pool3 was 13x13x512 and fc6 alone held 354M parameters.
    /// ZFNet's conv2 has stride 2, so the FC layers see 6x6x512 as in AlexNet. By hand: conv1
    /// 14,208; conv2 614,656; conv3 1,180,160; conv4 4,719,616; conv5 4,719,104;
    /// fc6 6*6*512*4096 + 4096 = 75,501,568; fc7 16,781,312; fc8 4,097,000; total 107,627,624.
    @Test func zfnetConv2HasStrideTwoAndAbout107MParameters() throws {
        let s = try shapes("zfnet")
        #expect(s.layer(named: "conv2")?.output == Volume(width: 27, height: 27, depth: 256))
        #expect(s.layer(named: "pool3")?.output == Volume(width: 6, height: 6, depth: 512))
        #expect(s.layer(named: "fc6")?.params == 75_501_568)
        #expect(s.totalParams == 107_627_624)
        #expect((100_000_000...115_000_000).contains(s.totalParams))
    }

    @Test func vgg16EveryRowOfTheLectureTable() throws {
        let s = try shapes("vgg16")
        // The slide's rows: INPUT, then each CONV/POOL/FC (ReLU and dropout are in place).
        let rows = s.rows.filter { row in
            switch row.kind {
            case nil, .conv, .maxPool, .fullyConnected: true
            default: false
            }
        }
        let memory = [150_528, 3_211_264, 3_211_264, 802_816, 1_605_632, 1_605_632, 401_408, 802_816, 802_816, 802_816,
                      200_704, 401_408, 401_408, 401_408, 100_352, 100_352, 100_352, 100_352, 25_088, 4_096, 4_096, 1_000]
        let weights = [0, 1_728, 36_864, 0, 73_728, 147_456, 0, 294_912, 589_824, 589_824, 0, 1_179_648, 2_359_296,
                       2_359_296, 0, 2_359_296, 2_359_296, 2_359_296, 0, 102_760_448, 16_777_216, 4_096_000]
        #expect(rows.map(\.activations) == memory)
        #expect(rows.map(\.weights) == weights)
        #expect(s.totalWeights == 138_344_128)
        #expect(s.totalParams == 138_357_544)
        // The slide's "TOTAL memory: 24M" is off: its own column sums to this.
        #expect(s.forwardActivations == memory.reduce(0, +))
        #expect(s.multiplyAdds(.torchinfo) == 15_483_821_032)
    }

    @Test func convnetjsNetwork() throws {
        let s = try shapes("convnetjs-cifar10")
        let volumes = s.rows.filter { row in
            switch row.kind {
            case .conv, .maxPool, .fullyConnected: true
            default: false
            }
        }.map(\.output.description)
        #expect(volumes == ["32x32x16", "16x16x16", "16x16x20", "8x8x20", "8x8x20", "4x4x20", "1x1x10"])
        #expect(s.layerRows.filter { $0.params > 0 }.map(\.params) == [1_216, 8_020, 10_020, 3_210])
        #expect(s.totalParams == 22_466)
        #expect(s.layer(named: "conv1")?.paramsFormula == "16x5x5x3+16 = 1,216")
    }

    /// Counted by hand: a conv is K*C*F*F + K, a deconv C_in*K*F*F + K, an fc in*out + out.
    @Test func segmentationNetGoesDownAndBackUp() throws {
        let s = try shapes("segnet-tiny")
        // skip 8*3*9+8; conv1 16*3*9+16; conv2 32*16*9+32; conv3 32*32*9+32; up1 32*16*16+16;
        // up2 16*16*16+16; fuse 16*24*9+16; scores 2*16+2.
        #expect(s.layerRows.filter { $0.params > 0 }.map(\.params) == [224, 448, 4_640, 9_248, 8_208, 4_112, 3_472, 34])
        #expect(s.totalParams == 30_386)
        let volumes = ["conv1", "pool1", "pool2", "up1", "up2", "both", "scores"].map { s.layer(named: $0)?.output.description }
        #expect(volumes == ["32x32x16", "16x16x16", "8x8x32", "16x16x16", "32x32x16", "32x32x24", "32x32x2"])
    }

    @Test func boxNetEndsInTenClassesAndFourNumbers() throws {
        let s = try shapes("boxnet-tiny")
        // conv1 16*3*9+16; conv2 32*16*9+32; conv3 64*32*9+64; fc1 (4*4*64)*128+128; head 128*14+14.
        #expect(s.layerRows.filter { $0.params > 0 }.map(\.params) == [448, 4_640, 18_496, 131_200, 1_806])
        #expect(s.totalParams == 156_590)
        #expect(s.output.description == "1x1x14")
    }

    @Test func torchvisionParameterTotals() throws {
        // torchinfo / torchvision figures.
        #expect(try shapes("alexnet-torchvision").totalParams == 61_100_840)
        #expect(try shapes("resnet18").totalParams == 11_689_512)
        #expect(try shapes("resnet34").totalParams == 21_797_672)
        #expect(try shapes("resnet50").totalParams == 25_557_032)
        #expect(try shapes("googlenet").totalParams == 6_624_904)
        #expect(try shapes("resnet18").output == Volume(vector: 1000))
        #expect(try shapes("resnet18").layer(named: "layer4.1")?.output == Volume(width: 7, height: 7, depth: 512))
        #expect(try shapes("googlenet").layer(named: "inception5b")?.output == Volume(width: 7, height: 7, depth: 1024))
        #expect(try shapes("googlenet").layer(named: "inception3a")?.output == Volume(width: 28, height: 28, depth: 256))
    }

    @Test func torchinfoMultiplyAddsOfResNet18() throws {
        // torchinfo reports "Total mult-adds (G): 1.81" for resnet18 at 224x224.
        let macs = try shapes("resnet18").multiplyAdds(.torchinfo)
        #expect(macs > 1_805_000_000 && macs < 1_820_000_000)
    }

    @Test func receptiveFieldGrowsThroughTheStack() throws {
        let s = try shapes("convnetjs-cifar10")
        #expect(s.layer(named: "conv1")?.receptiveField.height == 5)
        #expect(s.layer(named: "pool1")?.receptiveField.height == 6)
        #expect(s.layer(named: "pool1")?.receptiveStride.height == 2)
        #expect(s.layer(named: "conv2")?.receptiveField.height == 14)
    }

    @Test func resnet20ForCIFARMatchesThePaper() throws {
        // He et al. 2016, section 4.2; the totals were typed from issue 18 (272,474 params, 40.8 M multiply-adds).
        let s = try shapes("resnet20-cifar")
        #expect(s.totalParams == 272_474)
        let convAndFC = s.rows.filter { row in
            switch row.kind {
            case .conv, .fullyConnected: true
            default: false
            }
        }
        // 19 convs of the main path + 2 projection shortcuts, and the classifier.
        #expect(convAndFC.count == 22)
        let macs = convAndFC.reduce(0) { $0 + $1.multiplyAdds }
        #expect(macs > 40_750_000 && macs < 40_850_000, "\(macs)")
        #expect(s.layer(named: "conv1")?.output == Volume(width: 32, height: 32, depth: 16))
        #expect(s.layer(named: "layer1.2")?.output == Volume(width: 32, height: 32, depth: 16))
        #expect(s.layer(named: "layer2.0")?.output == Volume(width: 16, height: 16, depth: 32))
        #expect(s.layer(named: "layer3.2")?.output == Volume(width: 8, height: 8, depth: 64))
        #expect(s.output == Volume(vector: 10))
        // Only the first block of stages 2 and 3 has a (parameterised) projection shortcut.
        let text = try #require(Zoo.entry(named: "resnet20-cifar")).text
        #expect(text.components(separatedBy: "shortcut {").count - 1 == 2)
    }

    @Test func theRacesNetsDifferOnlyInDepthAndShortcuts() throws {
        // Counted by hand (option B: 1x1 projections with batch norm where the size changes):
        // stem 432 + 32; a 16-block 4,672; the first 32-block 14,528, others 18,560; the first
        // 64-block 57,728, others 73,984; fc 650. Plain nets lack the two projections (2,752).
        #expect(try shapes("resnet32-cifar").totalParams == 466_906)
        #expect(try shapes("plain32-cifar").totalParams == 466_906 - 2_752)
        #expect(try shapes("plain8-cifar").totalParams == 75_290)
        let plain = try #require(Zoo.entry(named: "plain32-cifar")).text
        #expect(!plain.contains("residual"))
        // 31 convs and the classifier: 32 weight layers, like ResNet-32's main path.
        let weightLayers = try shapes("plain32-cifar").rows.filter { row in
            switch row.kind {
            case .conv, .fullyConnected: true
            default: false
            }
        }
        #expect(weightLayers.count == 32)
        #expect(try shapes("plain32-cifar").output == Volume(vector: 10))
    }
}
