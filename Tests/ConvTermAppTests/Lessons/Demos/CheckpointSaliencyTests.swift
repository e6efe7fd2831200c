import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// Tests for Sources/ConvTermApp/Lessons/Demos/CheckpointSaliency.swift and `convterm demo seeing
/// --checkpoint`: the seeing demo's measurement of a net that is not trained here.
@Suite struct CheckpointSaliencyTests {
    static func checkpoint(_ text: String, extra: [String: String] = [:]) throws -> Checkpoint {
        let network = try Network(spec: try SpecParser.parse(text), initialization: .pytorch, seed: 2)
        return Checkpoint(trainer: try Trainer(network: network, optimizer: TrainingDefaults.optimizer, threads: 1), extra: extra)
    }

    @Test func aMaskGrowsWithItsImage() {
        let mask = [true, false, false, false]
        #expect(CheckpointSaliency.scaled(mask, from: 2, 2, to: 4, 4) == [true, true, false, false, true, true, false, false,
                                                                          false, false, false, false, false, false, false, false])
        #expect(CheckpointSaliency.scaled(mask, from: 2, 2, to: 2, 2) == mask)
    }

    @Test func atTheDatasOwnSizeTheObjectAreaIsThePaintersMask() throws {
        let ck = try Self.checkpoint("input 32x32x3\nconv 4 3x3 pad 1\nrelu\nfc 10\nsoftmax\n")
        let run = try CheckpointSaliency(checkpoint: ck, path: "own.ckpt", seed: 4, images: 3, threads: 1).run()
        let testSeed = SyntheticCIFAR.testSeed(splitSeed: 4)
        #expect(run.report.images.count == 3 && run.maps.count == 3)
        for (i, image) in run.report.images.enumerated() {
            let drawn = SyntheticCIFAR.drawn(index: i, count: 1000, seed: testSeed)
            #expect(image.objectArea == Double(drawn.objectMask(dilation: 1).filter { $0 }.count) / 1024)
            #expect(image.drawn == SyntheticCIFAR.classNames[drawn.label])
            #expect((0...1).contains(image.saliencyInObject) && image.probability > 0)
        }
        #expect(!run.report.input.contains("resized"))
    }

    @Test func theCommandLooksAtAnImportedNetWithoutTraining() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-ckpt-seeing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.ckpt")
        try Self.checkpoint("input 8x8x3\nconv 4 3x3 pad 1\nrelu\nfc 1000\nsoftmax\n",
                            extra: CheckpointInput.torchvisionExtras(network: "resnet18")).write(to: file)
        let json = dir.appendingPathComponent("s.json")
        let run = try convterm(["demo", "seeing", "--checkpoint", file.path, "--set", "images=2", "--json", json.path,
                                "--out", dir.appendingPathComponent("pictures").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(no training)") && run.stdout.contains("resized (bilinear) to the net's 8x8"), "\(run.stdout)")
        let report = try JSONDecoder().decode(CheckpointSaliency.Report.self, from: Data(contentsOf: json))
        #expect(report.images.count == 2)
        #expect(report.images.allSatisfy { ImageNetClasses.names.contains($0.topClass) })
        let pictures = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("pictures").path).sorted()
        #expect(pictures == ["small-saliency-image0.png", "small-saliency-image1.png"])

        let wrong = try convterm(["demo", "race", "--checkpoint", file.path])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--checkpoint is for `convterm demo seeing`"))
    }
}
