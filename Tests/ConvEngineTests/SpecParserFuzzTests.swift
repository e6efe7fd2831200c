import FuzzSupport
import Testing
@testable import ConvEngine

/// Mutated zoo `.net` files: each parses, or is refused with a message at a real line and column;
/// whatever parses goes through shape inference without trapping.
@Suite struct SpecParserFuzzTests {
    static let seeds = ["lecture-conv", "convnetjs-cifar10", "alexnet", "resnet18", "googlenet"].map { Zoo.entry(named: $0)!.text }

    @Test func mutatedNetFilesParseOrAreRefusedClearly() {
        var parsed = 0, refused = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 1)
            let original = mutator.pick(Self.seeds)
            let bytes = mutator.mutate(Array(original.utf8))
            let lineCount = bytes.split(separator: 10, omittingEmptySubsequences: false).count
            do {
                let spec = try SpecParser.parse(bytes: bytes)
                let shapes = NetworkShapes(spec)
                for problem in shapes.problems {
                    #expect(!problem.message.isEmpty && problem.location.line >= 1, "case \(index): \(problem)")
                }
                _ = shapes.totalParams + shapes.multiplyAdds(.lecture) + shapes.forwardActivationBytes
                parsed += 1
            } catch {
                refused += 1
                #expect(!error.message.isEmpty, "case \(index)")
                #expect((1...max(1, lineCount)).contains(error.location.line) && error.location.column >= 1,
                        "case \(index): \(error) is not at a line of the file (\(lineCount) lines)")
            }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        #expect(parsed > 0 && refused > 0, "parsed \(parsed), refused \(refused)")
    }
}
