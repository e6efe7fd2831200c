import Foundation
import Testing

/// `convterm snapshot SOURCE` through the built binary: the files it names, and a clear refusal.
@Suite struct SnapshotCommandTests {
    @Test func writesOnePictureALayerNamedByNetLayerAndStep() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-snap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let filters = try convterm(["snapshot", "convnetjs-cifar10", "--out", dir.path])
        try #require(filters.status == 0, "\(filters.stderr)")
        let example = try convterm(["snapshot", "convnetjs-cifar10", "--what", "example", "--image", "2", "--out", dir.path])
        try #require(example.status == 0, "\(example.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["convnetjs-cifar10-conv1-filters-step0.png", "convnetjs-cifar10-conv2-filters-step0.png",
                          "convnetjs-cifar10-conv3-filters-step0.png", "convnetjs-cifar10-example2-step0.png"])
    }

    @Test func anUnknownLayerIsRefusedWithTheChoices() throws {
        let run = try convterm(["snapshot", "convnetjs-cifar10", "--what", "activations", "--layer", "conv9", "--out", "/tmp"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: --layer conv9: no such layer in convnetjs-cifar10; choose one of conv1"), "\(run.stderr)")
    }
}
