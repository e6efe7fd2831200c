import ArgumentParser
import ConvTermApp
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine: GEMM GFLOP/s, ConvNetJS-net images/s, VGG-16 forward time, peak memory.",
        discussion: """
        Run a release build (`swift run -c release convterm bench`): debug builds are many times slower.
        Compare with ../shared/bench/reference.py (PyTorch, OpenBLAS) run in the same sitting.
        """
    )

    @Option(parsing: .unconditional, help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "A few-second smoke run (skips GEMM 1024^3 and VGG-16).") var quick = false
    @Option(help: "Also write the results as JSON to this file.") var json: String?
    @Option(help: "Only these measurements, comma-separated: gemm, convnetjs, vgg16 (VGG-16 alone shows its own peak memory).")
    var only: String?

    func run() throws {
        try OptionValidation.threads(threads)
        #if DEBUG
        FileHandle.standardError.write(Data("note: this is a debug build; use `swift run -c release convterm bench` for real figures\n".utf8))
        #endif
        let interactive = isatty(STDERR_FILENO) == 1
        var parts = Set(Benchmark.Part.allCases)
        if let only {
            parts = []
            for word in only.split(separator: ",") {
                guard let part = Benchmark.Part(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--only takes gemm, convnetjs and vgg16; got `\(word)`")
                }
                parts.insert(part)
            }
        }
        let bench = Benchmark(settings: .init(threads: threads, quick: quick, parts: parts)) { what in
            FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[Kmeasuring \(what)..." : "measuring \(what)...\n").utf8))
        }
        let results = try orExit { try bench.run() }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(Benchmark.render(results), terminator: "")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try encoder.encode(results).write(to: URL(fileURLWithPath: json), options: .atomic)
            } catch {
                FileHandle.standardError.write(Data("error: \(json): \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
