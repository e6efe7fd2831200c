import ConvEngine
import Foundation

/// `convterm bench`: the engine's speed on the figures the README compares with PyTorch and
/// OpenBLAS (`../shared/bench/reference.py` in the development set-up). Medians of several runs
/// after a warm-up; numbers, never assertions.
public struct Benchmark {
    public enum Part: String, CaseIterable, Sendable { case gemm, convnetjs, resnet20, vgg16 }

    public struct Settings: Sendable {
        public var threads: Int
        public var quick: Bool
        /// Which measurements to run (like reference.py's --only); VGG-16 alone gives its own peak memory.
        public var parts: Set<Part>
        public init(threads: Int, quick: Bool, parts: Set<Part> = Set(Part.allCases)) {
            self.threads = threads
            self.quick = quick
            self.parts = parts
        }
    }

    /// The JSON `--json` writes (keys stable for comparing runs).
    public struct Results: Codable, Sendable {
        public var cpu: String
        public var threads: Int
        public var quick: Bool
        public var gemmGFLOPS: [String: Double] = [:]
        public var convnetjsTrainImagesPerSecond: [String: Double] = [:]
        public var convnetjsInferenceImagesPerSecond: [String: Double] = [:]
        /// He et al.'s ResNet-20 for CIFAR (`resnet20-cifar`), training, by batch size.
        public var resnet20TrainImagesPerSecond: [String: Double] = [:]
        public var vgg16ForwardMilliseconds: Double?
        public var peakMemoryMB: Double = 0
    }

    public var settings: Settings
    var progress: (String) -> Void

    public init(settings: Settings, progress: @escaping (String) -> Void) {
        self.settings = settings
        self.progress = progress
    }

    public func run() throws -> Results {
        var r = Results(cpu: Self.cpuName(), threads: settings.threads, quick: settings.quick)
        let runs = settings.quick ? 3 : 7
        let gemms: [(String, Int, Int, Int)] = [
            ("256^3", 256, 256, 256), ("1024^3", 1024, 1024, 1024), ("2048^3", 2048, 2048, 2048),
            ("conv1 16x1024x75", 16, 1024, 75), ("conv2 20x256x400", 20, 256, 400), ("conv3 20x64x500", 20, 64, 500),
        ]
        for (name, m, n, k) in gemms where settings.parts.contains(.gemm) && !(settings.quick && m >= 1024) {
            progress("gemm \(name)")
            // The conv GEMMs are one image's worth: the engine runs them one image per thread.
            let threads = m >= 256 ? settings.threads : 1
            r.gemmGFLOPS[name] = KernelBenchmarks.gemm(m: m, n: n, k: k, threads: threads, runs: runs).gflops
        }
        let spec = Zoo.spec(named: "convnetjs-cifar10")!
        for batch in [1, 4, 32, 128] where settings.parts.contains(.convnetjs) {
            progress("convnetjs-cifar10 training, batch \(batch)")
            r.convnetjsTrainImagesPerSecond[String(batch)] = try trainingRate(spec, batch: batch, runs: runs)
        }
        for batch in [1, 128] where settings.parts.contains(.convnetjs) {
            progress("convnetjs-cifar10 inference, batch \(batch)")
            r.convnetjsInferenceImagesPerSecond[String(batch)] = try inferenceRate(spec, batch: batch, runs: runs)
        }
        let resnet = Zoo.spec(named: "resnet20-cifar")!
        for batch in [32, 128] where settings.parts.contains(.resnet20) {
            progress("resnet20-cifar training, batch \(batch)")
            // reference.py's settings: SGD with momentum 0.9 and weight decay 1e-4.
            r.resnet20TrainImagesPerSecond[String(batch)] = try trainingRate(
                resnet, batch: batch, runs: runs, optimizer: OptimizerSettings(kind: .momentum, learningRate: 0.01, l2: 1e-4),
                warmup: settings.quick ? 1 : 3)
        }
        if !settings.quick && settings.parts.contains(.vgg16) {
            progress("vgg16 forward, one 224x224x3 image (allocating 138 M weights)")
            r.vgg16ForwardMilliseconds = try vggForward(runs: 5)
        }
        r.peakMemoryMB = Self.peakMemoryMB()
        return r
    }

    /// Images per second of forward + backward + optimizer step (SGD with momentum, like reference.py).
    func trainingRate(_ spec: NetworkSpec, batch: Int, runs: Int,
                      optimizer: OptimizerSettings = OptimizerSettings(kind: .momentum, learningRate: 0.001),
                      warmup: Int = 3) throws -> Double {
        let network = try Network(spec: spec, seed: 1)
        let trainer = try Trainer(network: network, optimizer: optimizer, threads: settings.threads)
        let (images, labels) = Self.randomBatch(batch, spec.input)
        let seconds = KernelBenchmarks.medianSeconds(warmup: warmup, runs: runs, minSeconds: settings.quick ? 0.05 : 0.3) {
            _ = trainer.train(images: images, labels: labels)
        }
        return Double(batch) / seconds
    }

    func inferenceRate(_ spec: NetworkSpec, batch: Int, runs: Int) throws -> Double {
        let network = try Network(spec: spec, seed: 1)
        let (images, _) = Self.randomBatch(batch, spec.input)
        // A small net keeps its activations: their buffers are reused from batch to batch.
        let context = PassContext(training: false, threads: settings.threads)
        let seconds = KernelBenchmarks.medianSeconds(warmup: 3, runs: runs, minSeconds: settings.quick ? 0.05 : 0.3) {
            _ = network.scores(images, context)
        }
        return Double(batch) / seconds
    }

    func vggForward(runs: Int) throws -> Double {
        let spec = Zoo.spec(named: "vgg16")!
        let network = try Network(spec: spec, seed: 1)
        let (images, _) = Self.randomBatch(1, spec.input)
        let context = PassContext(training: false, threads: settings.threads, retainsActivations: false)
        let seconds = KernelBenchmarks.medianSeconds(warmup: 1, runs: runs, minSeconds: 0) {
            _ = network.scores(images, context)
        }
        return seconds * 1000
    }

    static func randomBatch(_ n: Int, _ volume: Volume) -> (Tensor, [Int]) {
        var rng = SeededRandom(seed: 42)
        let data = (0..<(n * volume.count)).map { _ in rng.nextUnitFloat() - 0.5 }
        return (Tensor(batch: n, volume: volume, data: data), (0..<n).map { $0 % 10 })
    }

    static func cpuName() -> String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    }

    /// Peak resident set size of this process (getrusage's ru_maxrss is in KiB on Linux).
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024 / 1e6
    }

    public static func render(_ r: Results) -> String {
        func f(_ x: Double?, _ digits: Int = 0) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        var out = "ConvTerm bench: \(r.cpu), \(r.threads) thread\(r.threads == 1 ? "" : "s")\(r.quick ? " (quick: fewer, shorter runs)" : "")\n"
        if !r.gemmGFLOPS.isEmpty { out += "GEMM GFLOP/s (float32)\n" }
        for key in ["256^3", "1024^3", "2048^3", "conv1 16x1024x75", "conv2 20x256x400", "conv3 20x64x500"] where r.gemmGFLOPS[key] != nil {
            out += "  \(key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(f(r.gemmGFLOPS[key], 1))\n"
        }
        if !r.convnetjsTrainImagesPerSecond.isEmpty { out += "ConvNetJS CIFAR-10 net, images/s\n" }
        for b in ["1", "4", "32", "128"] where r.convnetjsTrainImagesPerSecond[b] != nil { out += "  training  batch \(b.padding(toLength: 4, withPad: " ", startingAt: 0)) \(f(r.convnetjsTrainImagesPerSecond[b]))\n" }
        for b in ["1", "128"] where r.convnetjsInferenceImagesPerSecond[b] != nil { out += "  inference batch \(b.padding(toLength: 4, withPad: " ", startingAt: 0)) \(f(r.convnetjsInferenceImagesPerSecond[b]))\n" }
        if !r.resnet20TrainImagesPerSecond.isEmpty { out += "ResNet-20 (CIFAR), images/s\n" }
        for b in ["32", "128"] where r.resnet20TrainImagesPerSecond[b] != nil { out += "  training  batch \(b.padding(toLength: 4, withPad: " ", startingAt: 0)) \(f(r.resnet20TrainImagesPerSecond[b]))\n" }
        if let vgg = r.vgg16ForwardMilliseconds { out += "VGG-16 forward, one 224x224x3 image: \(f(vgg, 1)) ms\n" }
        out += "Peak memory: \(f(r.peakMemoryMB)) MB\n"
        return out
    }
}
