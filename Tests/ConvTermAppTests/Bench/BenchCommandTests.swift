import Foundation
import Testing

/// `convterm bench --profile` as a user runs it: the built binary, exit codes, messages.
@Suite(.serialized) struct BenchCommandTests {
    @Test func profileOfAnUnknownNetSaysWhatExists() throws {
        let run = try convterm(["bench", "--profile", "resnet2O"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no zoo net or file named `resnet2O`"), "\(run.stderr)")
        #expect(run.stderr.contains("resnet20-cifar"))
        #expect(run.stdout.isEmpty)
    }

    @Test func batchWithoutProfileIsRefused() throws {
        let run = try convterm(["bench", "--batch", "8"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--batch and --steps apply to --profile NET only"), "\(run.stderr)")
    }

    @Test func profilePrintsTheTableAndWritesJSON() throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-profile-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let run = try convterm(["bench", "--profile", "convnetjs-cifar10", "--batch", "2", "--steps", "1", "--threads", "1", "--json", json.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Profile of convnetjs-cifar10, batch 2, 1 thread"))
        #expect(run.stdout.contains("pool3"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        #expect((object["layers"] as? [Any])?.count == 10)
        #expect(object["stepMilliseconds"] is Double)
    }
}
