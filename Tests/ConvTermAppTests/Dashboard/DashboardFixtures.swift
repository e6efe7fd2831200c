import ConvEngine
@testable import ConvTermApp
import TerminalKit

/// Shared fixtures: the ConvNetJS CIFAR-10 net's rows, and a real snapshot from one training
/// step on random images (so views are tested against the engine's actual shapes).
enum DashboardFixtures {
    static let classNames = ["stripes-h", "stripes-v", "stripes-up", "stripes-down", "ring",
                             "disc", "square", "cross", "checker", "triangle"]

    static var spec: NetworkSpec { Zoo.spec(named: "convnetjs-cifar10")! }

    static func state(paused: Bool = true) -> DashboardState {
        DashboardState(
            networkName: "convnetjs-cifar10", layers: DashboardLayerRow.rows(NetworkShapes(spec)), classNames: classNames,
            trainCount: 1000, testCount: 200, threads: 2, seed: 7, savePath: "/tmp/x.ckpt", paused: paused, speed: .full,
            optimizer: OptimizerSettings(kind: .adadelta, l2: 0.0001), batchSize: 4)
    }

    /// One training event with a snapshot of example 0, from seeded random images.
    static func event(seed: UInt64 = 3) -> TrainingEvent {
        let network = try! Network(spec: spec, seed: seed)
        let trainer = try! Trainer(network: network, optimizer: OptimizerSettings(kind: .sgd, l2: 0.0001), threads: 1)
        var rng = SeededRandom(seed: seed)
        let data = (0..<(4 * 3 * 32 * 32)).map { _ in Float(rng.nextUnitFloat() - 0.5) }
        return trainer.train(images: Tensor(batch: 4, volume: spec.input, data: data), labels: [0, 1, 2, 3], snapshotExample: 0)
    }

    /// A state that has trained a little: progress, curves, a snapshot, a test strip.
    static func trainedState(paused: Bool = true) -> DashboardState {
        var s = state(paused: paused)
        var e = event()
        var events: [TrainingEvent] = []
        for i in 1...30 {
            var step = e
            step.step = i
            step.examplesSeen = 4 * i
            step.averageLoss = 2.3 - Double(i) * 0.01
            step.snapshot = i == 30 ? e.snapshot : nil
            events.append(step)
        }
        e.snapshot = nil
        s = DashboardUpdate.update(s, .trained(events)).0
        let image = RGBImage(width: 32, height: 32, pixels: Array(repeating: RGB(200, 40, 40), count: 1024))
        let strip = (0..<8).map { TestPrediction(image: image, label: $0 % 10, predicted: $0 % 3 == 0 ? $0 % 10 : 4, probability: 0.5) }
        s = DashboardUpdate.update(s, .validated(accuracy: 0.25, examplesSeen: 120, strip: strip)).0
        return s
    }

    static func render(_ s: DashboardState, width: Int, height: Int, capabilities: Capabilities = .full) -> CellGrid {
        var grid = CellGrid(width: width, height: height, capabilities: capabilities)
        DashboardView.render(s, into: &grid)
        return grid
    }

    static func key(_ s: DashboardState, _ k: Key) -> (DashboardState, [DashboardEffect]) {
        DashboardUpdate.update(s, .key(k))
    }

    static func keys(_ s: DashboardState, _ ks: [Key]) -> (DashboardState, [DashboardEffect]) {
        var state = s
        var effects: [DashboardEffect] = []
        for k in ks {
            let r = DashboardUpdate.update(state, .key(k))
            state = r.0
            effects += r.1
        }
        return (state, effects)
    }
}
