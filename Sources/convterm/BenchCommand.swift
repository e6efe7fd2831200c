import ArgumentParser
import ConvTermApp
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine: GEMM GFLOP/s, ConvNetJS-net and ResNet-20 images/s, VGG-16 forward time, peak memory.",
        discussion: """
        Run a release build (`swift run -c release convterm bench`): debug builds are many times slower.
        Compare with ../shared/bench/reference.py (PyTorch, OpenBLAS) run in the same sitting.
        `--profile NET` instead times training steps of one network (a zoo name or a .net file) and
        shows each layer's forward and backward milliseconds, GFLOP/s and share of the step, and
        the time spent outside the layers (batch feed, loss, optimizer).
        """
    )

    @Option(parsing: .unconditional, help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "A few-second smoke run (skips GEMM 1024^3 and 2048^3 and VGG-16).") var quick = false
    @Option(help: "Also write the results as JSON to this file.") var json: String?
    @Option(help: "Only these measurements, comma-separated: gemm, convnetjs, resnet20, vgg16 (VGG-16 alone shows its own peak memory).")
    var only: String?
    @Option(help: "Profile training of this network (zoo name or .net file): time per layer instead of the usual figures.")
    var profile: String?
    @Option(help: "Batch size for --profile.") var batch = 32
    @Option(help: "Timed steps for --profile (after 2 warm-up steps).") var steps = 10

    func validate() throws {
        guard batch >= 1 && batch <= 100_000 else { throw ValidationError("--batch must be between 1 and 100,000, got \(batch)") }
        guard steps >= 1 && steps <= 100_000 else { throw ValidationError("--steps must be between 1 and 100,000, got \(steps)") }
        if profile == nil && (batch != 32 || steps != 10) {
            throw ValidationError("--batch and --steps apply to --profile NET only")
        }
        if profile != nil && only != nil { throw ValidationError("--only and --profile do not go together") }
    }

    func run() throws {
        try OptionValidation.threads(threads)
        #if DEBUG
        FileHandle.standardError.write(Data("note: this is a debug build; use `swift run -c release convterm bench` for real figures\n".utf8))
        #endif
        if let profile {
            let source = try loadOrExit(profile)
            let result = try orExit { try TrainingProfile.measure(source, batch: batch, threads: threads, steps: steps) }
            print(TrainingProfile.render(result), terminator: "")
            if let json { try write(result, to: json) }
            return
        }
        let interactive = isatty(STDERR_FILENO) == 1
        var parts = Set(Benchmark.Part.allCases)
        if let only {
            parts = []
            for word in only.split(separator: ",") {
                guard let part = Benchmark.Part(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--only takes gemm, convnetjs, resnet20 and vgg16; got `\(word)`")
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
        if let json { try write(results, to: json) }
    }

    func write(_ value: some Encodable, to json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(value).write(to: URL(fileURLWithPath: json), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("error: \(json): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
    }
}
