import ConvData
import ConvEngine
import Foundation

/// Lesson 8's race: any number of nets trained on the same batches, one step of each in turn.
/// The live demo (`ResidualRaceDemo`) runs exactly this on its worker and draws the events;
/// headless, the report is what the race measures: each net's final running training loss and
/// its test accuracy.
public struct RaceRun: Sendable {
    public var nets: [LessonDemoRequest.Net]
    public var steps: Int
    public var batch: Int
    public var seed: UInt64
    public var threads: Int

    public init(_ request: LessonDemoRequest) {
        nets = RaceRecipe.nets(request)
        // The same defaults as the live demo's.
        steps = request.int("steps", default: RaceRecipe.steps, in: 1...5000)
        batch = request.int("batch", default: RaceRecipe.batch, in: 1...256)
        seed = request.seed
        threads = request.threads
    }

    /// What happens, in order, for the live race to follow.
    public enum Event: Sendable {
        /// Every net took step `step` (from 1): each one's running training loss, and the
        /// seconds each spent on this step.
        case step(Int, losses: [Double], seconds: [Double])
        /// Net `net` (an index into `nets`) was tested after the last step.
        case tested(net: Int, accuracy: Double)
    }

    /// Trains every net `steps` steps on the calling thread, one step of each in turn (so the
    /// curves grow together), then tests them. Nil when `cancelled` said stop (checked every step).
    public func run(cancelled: () -> Bool = { false }, onEvent: (Event) -> Void = { _ in }) -> RaceReport? {
        let start = ContinuousClock.now
        // One session per net, all from the same seed: the same batches in the same order.
        let sessions = nets.map { DemoTraining.session($0.spec, name: $0.name, train: DemoTraining.data.train, seed: seed, batch: batch, threads: threads) }
        var losses = [Double](repeating: .nan, count: nets.count)
        var seconds = [Double](repeating: 0, count: nets.count)
        for step in 0..<steps {
            for (i, session) in sessions.enumerated() {
                // Checked before every batch, not only every step: a student who leaves a race
                // of several nets waits for one batch at most.
                if cancelled() { return nil }
                let before = ContinuousClock.now
                losses[i] = session.trainBatch().averageLoss
                seconds[i] = DemoTraining.seconds(since: before)
            }
            onEvent(.step(step + 1, losses: losses, seconds: seconds))
        }
        var report = RaceReport(steps: steps, batch: batch, seed: seed, threads: threads, seconds: 0)
        for (i, net) in nets.enumerated() {
            if cancelled() { return nil }
            let key = RaceRecipe.key(i, of: nets)
            report.nets[key] = net.name
            report.finalTrainingLoss[key] = losses[i]
            report.testAccuracy[key] = sessions[i].evaluate(DemoTraining.data.test)?.accuracy ?? .nan
            report.parameters[key] = NetworkShapes(net.spec).totalParams
            onEvent(.tested(net: i, accuracy: report.testAccuracy[key]!))
        }
        report.judge()
        report.seconds = DemoTraining.seconds(since: start)
        return report
    }
}

/// What `convterm demo race --headless --json FILE` writes. The maps are keyed by the nets' roles
/// (`shallow_plain`, `deep_plain`, `deep_residual`; by name for a race of other than three nets),
/// and `nets` says which network played each role.
public struct RaceReport: Codable, Sendable, Equatable {
    public var nets: [String: String] = [:]
    /// Each net's running average of the training loss after the last step.
    public var finalTrainingLoss: [String: Double] = [:]
    public var testAccuracy: [String: Double] = [:]
    public var parameters: [String: Int] = [:]
    public var steps: Int
    public var batch: Int
    public var seed: UInt64
    public var threads: Int
    public var seconds: Double

    /// The race's point: the deep plain net's training loss is above both the shallow plain net's
    /// and the deep residual net's. Nil for a race of other nets.
    public var degradation: Bool?

    enum CodingKeys: String, CodingKey {
        case nets, finalTrainingLoss = "final_training_loss", testAccuracy = "test_accuracy", parameters, steps, batch, seed, threads, seconds
        case degradation
    }

    public init(steps: Int, batch: Int, seed: UInt64, threads: Int, seconds: Double) {
        self.steps = steps
        self.batch = batch
        self.seed = seed
        self.threads = threads
        self.seconds = seconds
    }

    /// Sets `degradation` from the three roles' losses.
    mutating func judge() {
        guard let deep = finalTrainingLoss["deep_plain"], let shallow = finalTrainingLoss["shallow_plain"],
              let residual = finalTrainingLoss["deep_residual"] else { degradation = nil; return }
        degradation = deep > shallow && deep > residual
    }

    public var summary: String {
        let order = RaceRecipe.roles.filter { finalTrainingLoss[$0] != nil }
        let keys = order.count == RaceRecipe.roles.count ? order : finalTrainingLoss.keys.sorted()
        let parts = keys.map { key in
            let label = RaceRecipe.roles.firstIndex(of: key).map { "\(RaceRecipe.labels[$0]) (\(nets[key] ?? key))" } ?? key
            return "\(label) \(String(format: "%.3f", finalTrainingLoss[key] ?? .nan)) (test \(DemoText.percent(testAccuracy[key] ?? .nan)))"
        }
        let verdict = degradation.map { $0 ? "; the deep plain net trains worst: degradation" : "; no degradation this time" } ?? ""
        return "race: final training loss \(parts.joined(separator: ", "))\(verdict) after \(steps) steps of \(batch) images (seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
