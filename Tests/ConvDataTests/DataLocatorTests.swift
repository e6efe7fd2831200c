@testable import ConvData
import Foundation
import Testing

@Suite struct DataLocatorTests {
    @Test func cacheDirectoryFollowsXDGElseHome() {
        let home = URL(fileURLWithPath: "/home/ada")
        #expect(DataLocator(environment: ["XDG_CACHE_HOME": "/var/cache/ada"], homeDirectory: home).cacheDirectory.path
            == "/var/cache/ada/convterm")
        #expect(DataLocator(environment: [:], homeDirectory: home).cacheDirectory.path == "/home/ada/.cache/convterm")
        // Relative XDG paths are invalid by the spec and ignored.
        #expect(DataLocator(environment: ["XDG_CACHE_HOME": "cache"], homeDirectory: home).cacheDirectory.path
            == "/home/ada/.cache/convterm")
    }

    @Test func namesResolveBeforePaths() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let locator = DataLocator(cacheDirectory: dir.url)
        #expect(try locator.resolve("synthetic") == .synthetic)
        let error = try #require(throws: DataError.self) { try locator.resolve("cifar10") }
        #expect(error.description == "CIFAR-10 is not downloaded yet (looked in \(dir.url.appendingPathComponent("cifar-10-batches-bin").path)); run `convterm fetch cifar10`, or use the built-in set with `--data synthetic`")
        let error100 = try #require(throws: DataError.self) { try locator.resolve("cifar100") }
        #expect(error100.description.contains("run `convterm fetch cifar100`"))
        let unknown = try #require(throws: DataError.self) { try locator.resolve("imagenet") }
        #expect(unknown.description.hasPrefix("imagenet: not a data set name or an existing file or directory"))
    }

    @Test func syntheticLoadsATrainAndTestSplit() throws {
        let loaded = try DataLocator(cacheDirectory: URL(fileURLWithPath: "/nonexistent")).load(.synthetic, seed: 3, syntheticTrainCount: 40, syntheticTestCount: 20)
        #expect(loaded.train.count == 40 && loaded.test?.count == 20)
        #expect(loaded.classNames == SyntheticCIFAR.classNames)
        #expect(loaded.name == "synthetic")
    }

    @Test func filesAndDirectoriesLoadByTheirFormat() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let locator = DataLocator(cacheDirectory: dir.file("cache"))
        let ten = try dir.write(RecordMaker.cifar10(labels: [2, 4]), to: "mine.bin")
        let hundred = try dir.write(RecordMaker.cifar100(coarse: [1], fine: [77]), to: "other.bin")
        #expect(try locator.resolve(ten.path) == .file(ten))
        #expect(try locator.load(ten.path).train.labels == [2, 4])
        #expect(try locator.load(hundred.path).train.labels == [77], "3,074-byte records are CIFAR-100")
        let batches = dir.file("batches")
        try FileManager.default.createDirectory(at: batches, withIntermediateDirectories: true)
        try Data(RecordMaker.cifar10(labels: [5])).write(to: batches.appendingPathComponent("test_batch.bin"))
        let onlyTest = try locator.load(batches.path)
        #expect(onlyTest.train.labels == [5] && onlyTest.test == nil)
        #expect(onlyTest.warnings.contains { $0.contains("has no training files; training on the test file") })
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data beside the repository (absent in a user's clone)"))
    func sharedDirectoryLoadsThroughTheLocator() throws {
        let loaded = try DataLocator(cacheDirectory: URL(fileURLWithPath: "/nonexistent"))
            .load(SharedData.directory!.appendingPathComponent("cifar-10-batches-bin").path)
        #expect(loaded.train.count == 10_000 && loaded.test?.count == 2_000)
        #expect(loaded.classNames.last == "truck")
        // ConvNetJS-style preprocessing of real images lands in [-0.5, 0.5].
        var floats = [Float](repeating: 0, count: 3072)
        floats.withUnsafeMutableBufferPointer { loaded.train.writeFloats(at: 0, into: $0.baseAddress!) }
        #expect(floats.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
        #expect(Set(floats).count > 50)
    }

    /// A text file given as --data is called what it is, not a truncated download.
    @Test func aFileThatIsNoCIFARFileIsNotCalledTruncated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = try dir.write(Array("hello\n".utf8), to: "notes.txt")
        #expect {
            try DataLocator(cacheDirectory: dir.url).load(text.path)
        } throws: { error in
            let message = "\(error)"
            return message.contains("does not look like a CIFAR binary file") && !message.contains("download it again")
        }
    }

    /// A directory holding only test_batch.bin trains on it, and says which file that is.
    @Test func onlyATestFileIsCalledTheTestSet() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write([UInt8](repeating: 1, count: 3073 * 2), to: "test_batch.bin")
        let loaded = try DataLocator(cacheDirectory: dir.url).load(dir.url.path)
        #expect(loaded.test == nil && loaded.train.count == 2)
        #expect(loaded.trainRole == "test")
    }
}
