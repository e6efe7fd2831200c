import Foundation
import Testing

/// `convterm demo` as a user runs it: the built binary, its exit codes, its output and JSON.
@Suite(.serialized) struct DemoCommandTests {
    @Test func listNamesEveryDemoOnALine() throws {
        let run = try convterm(["demo", "--list"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        let names = ["seeing", "transfer", "race", "parallel", "segment", "localize"]
        #expect(lines.count == names.count)
        for (line, name) in zip(lines, names) { #expect(line.hasPrefix(name + " ")) }
    }

    @Test func anUnknownDemoIsRefusedWithTheList() throws {
        let run = try convterm(["demo", "resnet"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no demo `resnet`; the demos are seeing, transfer, race, parallel"))
        let none = try convterm(["demo"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("which demo?"))
        let bad = try convterm(["demo", "race", "--set", "steps"])
        #expect(bad.stderr.contains("--set wants KEY=VALUE"))
        let two = try convterm(["demo", "race", "--headless", "--net", "plain8-cifar", "--net", "resnet32-cifar"])
        #expect(two.status == 64)
        #expect(two.stderr.contains("--net given 2 times: the race takes three nets, in this order: a shallow plain net"))
        let nowhere = try convterm(["demo", "race", "--json", "/nonexistent-dir/r.json"])
        #expect(nowhere.status == 64)
        #expect(nowhere.stderr.contains("cannot write in /nonexistent-dir"))
    }

    /// Headless: one line on stdout, the numbers in the file, the same for the same seed.
    @Test func headlessWritesTheNumbersAndASummary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func race(_ seed: String, _ file: String) throws -> [String: Any] {
            let path = dir.appendingPathComponent(file).path
            let run = try convterm(["demo", "race", "--headless", "--seed", seed, "--set", "steps=3", "--json", path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.split(separator: "\n").count == 1)
            #expect(run.stdout.hasPrefix("race: final training loss"))
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        }
        let a = try race("2", "a.json"), b = try race("2", "b.json"), c = try race("3", "c.json")
        let losses = try #require(a["final_training_loss"] as? [String: Double])
        // The lesson's race: its three nets, keyed by their roles.
        #expect(losses.keys.sorted() == ["deep_plain", "deep_residual", "shallow_plain"])
        #expect(a["nets"] as? [String: String] == ["shallow_plain": "plain8-cifar", "deep_plain": "plain32-cifar", "deep_residual": "resnet32-cifar"])
        #expect(a["degradation"] is Bool)
        #expect(losses == b["final_training_loss"] as? [String: Double])
        #expect(losses != c["final_training_loss"] as? [String: Double])
        #expect(a["seed"] as? Int == 2 && a["steps"] as? Int == 3)

        let parallel = dir.appendingPathComponent("p.json").path
        let run = try convterm(["demo", "parallel", "--headless", "--json", parallel])
        #expect(run.status == 0)
        let p = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parallel))) as? [String: Any])
        #expect((p["relative_difference"] as? Double ?? 1) < 1e-5)
        #expect(p["network"] as? String == "vgg16")
    }
}
