import ConvEngine
import Testing
@testable import ConvData
@testable import ConvTermApp

/// Tests for Sources/ConvTermApp/Training/CheckpointReport.swift and CheckpointInput.swift: a net
/// whose checkpoint names ImageNet's classes (as `convterm import` writes for torchvision's nets)
/// is evaluated on data of another size and other classes.
@Suite struct CheckpointReportTests {
    /// A small stand-in for an ImageNet net: 8x8 input, 1,000 scores.
    static let net = """
    input 8x8x3
    conv1: conv 4 3x3 pad 1
    relu
    fc: fc 1000
    softmax
    """

    static func imported() throws -> (Checkpoint, Network) {
        let network = try Network(spec: try SpecParser.parse(net), initialization: .pytorch, seed: 3)
        let trainer = try Trainer(network: network, optimizer: TrainingDefaults.optimizer, threads: 1)
        return (Checkpoint(trainer: trainer, extra: CheckpointInput.torchvisionExtras(network: "alexnet-torchvision")), network)
    }

    static let data: DataLocator.Loaded = {
        let test = SyntheticCIFAR.make(count: 20, seed: 5)
        return DataLocator.Loaded(name: "synthetic", train: test, test: test, classNames: test.classNames, warnings: [])
    }()

    @Test func foreignClassesGetEachImagesTopFiveByTheNetsNames() throws {
        let (checkpoint, network) = try Self.imported()
        let report = try CheckpointReport(checkpointPath: "in.ckpt", checkpoint: checkpoint, data: Self.data, threads: 1, count: 3)
        #expect(!report.ownClasses)
        let text = report.evaluation()
        #expect(!text.contains(", loss "), "no accuracy and loss line")
        #expect(text.contains("predicts ImageNet's 1000 classes, not synthetic's 10"))
        #expect(text.contains("synthetic's 32x32 images resized (bilinear) to the net's 8x8"))
        #expect(text.contains("input: (p/255 - (0.485, 0.456, 0.406)) / (0.229, 0.224, 0.225)"))
        let lines = text.split(separator: "\n").map(String.init)
        for i in 0..<3 {
            let head = try #require(lines.firstIndex { $0.hasPrefix("image \(i) (synthetic: \(Self.data.test!.classNames[Self.data.test!.label(at: i)]))") })
            let ranked = lines[(head + 1)...(head + 5)]
            #expect(ranked.allSatisfy { line in ImageNetClasses.names.contains { line.hasSuffix("%  " + $0) } }, "\(ranked)")
            // The first is the class the net scores highest on the image resized and normalised by hand.
            let small = Self.data.test!.resized(width: 8, height: 8).pixels(at: i)
            let means: [Float] = [0.485, 0.456, 0.406], stds: [Float] = [0.229, 0.224, 0.225]
            let x = small.enumerated().map { k, byte in (Float(byte) / 255 - means[k / 64]) / stds[k / 64] }
            let scores = network.scores(Tensor(batch: 1, volume: network.spec.input, data: x), PassContext(training: false, threads: 1)).data
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            #expect(ranked.first!.hasSuffix("%  " + ImageNetClasses.names[best]), "\(ranked.first!) vs \(ImageNetClasses.names[best])")
        }
        #expect(!lines.contains { $0.hasPrefix("image 3 ") })
    }

    @Test func aNetTrainedOnTheDataStillGetsItsAccuracy() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 4 3x3\nrelu\nfc 10\nsoftmax\n")
        let trainer = try Trainer(network: try Network(spec: spec, seed: 1), optimizer: TrainingDefaults.optimizer, threads: 1)
        let report = try CheckpointReport(checkpointPath: "own.ckpt", checkpoint: Checkpoint(trainer: trainer), data: Self.data, threads: 1)
        #expect(report.ownClasses && report.resizeNote == nil && report.inputNotes.isEmpty)
        #expect(report.evaluation().contains("accuracy"))
        #expect(report.set.count == 20)
    }

    @Test func googlenetIsFedTheInputItsTensorFlowWeightsExpect() {
        let extras = CheckpointInput.torchvisionExtras(network: "googlenet")
        #expect(extras["input-mean"] == "0.5 0.5 0.5" && extras["input-std"] == "0.5 0.5 0.5")
        #expect(CheckpointInput.torchvisionExtras(network: "resnet18")["input-std"] == "0.229 0.224 0.225")
    }
}

/// A net of 12 classes with no names of its own, on 10-class data: its guesses are not named by the data.
@Suite struct CheckpointReportClassNameTests {
    @Test func aNetWithoutNamesOnOtherDataSaysClassN() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 2 3x3\nrelu\nfc 12\nsoftmax\n")
        let trainer = try Trainer(network: try Network(spec: spec, seed: 1), optimizer: TrainingDefaults.optimizer, threads: 1)
        let report = try CheckpointReport(checkpointPath: "twelve.ckpt", checkpoint: Checkpoint(trainer: trainer),
                                          data: CheckpointReportTests.data, threads: 1, count: 2)
        #expect(!report.ownClasses)
        let text = report.evaluation()
        #expect(text.contains("predicts 12 classes, not synthetic's 10"))
        let ranked = text.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(ranked.count == 10 && ranked.allSatisfy { $0.contains("%  class ") }, "\(ranked)")
    }
}
