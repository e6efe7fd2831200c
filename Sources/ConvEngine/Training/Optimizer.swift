import Foundation

public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
    case sgd, momentum, nesterov, adam, adadelta

    /// The learning rate each starts well with on the ConvNetJS net (Adadelta ignores it, as in ConvNetJS).
    public var defaultLearningRate: Double {
        switch self {
        case .sgd: 0.01
        case .momentum, .nesterov: 0.01
        case .adam: 0.001
        case .adadelta: 1
        }
    }
}

public struct OptimizerSettings: Sendable, Hashable, Codable {
    public var kind: OptimizerKind
    public var learningRate: Double
    /// L2 weight decay on weights (never biases): loss += l2/2 * |w|^2.
    public var l2: Double
    public var momentum: Double = 0.9
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    /// Adadelta's decay, 0.95 as in the ConvNetJS demo.
    public var rho: Double = 0.95

    public init(kind: OptimizerKind, learningRate: Double? = nil, l2: Double = 0) {
        self.kind = kind
        self.learningRate = learningRate ?? kind.defaultLearningRate
        self.l2 = l2
    }
}

/// Applies one update to every trainable parameter from its (batch-mean) gradient. Per-parameter
/// state (velocities, moments) lives here and is saved in checkpoints. Changing the learning rate
/// between steps keeps that state; changing the kind starts the new kind's state from zero.
public final class Optimizer: @unchecked Sendable {
    public var settings: OptimizerSettings {
        didSet { if settings.kind != oldValue.kind { slots = [:]; t = 0 } }
    }
    /// Adam's step count for bias correction.
    public internal(set) var t = 0
    /// Per parameter (by index), one or two state vectors of its size.
    var slots: [Int: [[Float]]] = [:]

    public init(_ settings: OptimizerSettings) {
        self.settings = settings
    }

    public var slotCount: Int {
        switch settings.kind {
        case .sgd: 0
        case .momentum, .nesterov: 1
        case .adam, .adadelta: 2
        }
    }

    /// The L2 penalty of the current weights, l2/2 * sum w^2 over non-bias parameters.
    public func l2Loss(_ parameters: [Parameter]) -> Double {
        guard settings.l2 > 0 else { return 0 }
        var sum: Double = 0
        for p in parameters where !p.isBias { for v in p.value { sum += Double(v) * Double(v) } }
        return settings.l2 / 2 * sum
    }

    /// What this step's update scales the rate by (a `LearningRateSchedule`'s factor; 1 without one).
    public var rateFactor: Double = 1

    public func step(_ parameters: [Parameter]) {
        t = t.saturatingAdd(1)
        let s = settings
        let lr = Float(s.learningRate * rateFactor), mu = Float(s.momentum), l2 = Float(s.l2)
        let b1 = Float(s.beta1), b2 = Float(s.beta2), eps = Float(s.epsilon), rho = Float(s.rho)
        let correction1 = 1 - Float(Foundation.pow(s.beta1, Double(t)))
        let correction2 = 1 - Float(Foundation.pow(s.beta2, Double(t)))
        for (index, p) in parameters.enumerated() where !p.frozen {
            if slots[index] == nil || slots[index]!.first?.count != p.count {
                slots[index] = Array(repeating: [Float](repeating: 0, count: p.count), count: slotCount)
            }
            var state = slots[index]!
            let decay: Float = p.isBias ? 0 : l2
            p.value.withUnsafeMutableBufferPointer { w in
                p.gradient.withUnsafeBufferPointer { g in
                    switch s.kind {
                    case .sgd:
                        for i in 0..<w.count { w[i] -= lr * (g[i] + decay * w[i]) }
                    case .momentum:
                        state[0].withUnsafeMutableBufferPointer { v in
                            for i in 0..<w.count {
                                v[i] = mu * v[i] - lr * (g[i] + decay * w[i])
                                w[i] += v[i]
                            }
                        }
                    case .nesterov:
                        state[0].withUnsafeMutableBufferPointer { v in
                            for i in 0..<w.count {
                                let previous = v[i]
                                v[i] = mu * v[i] - lr * (g[i] + decay * w[i])
                                w[i] += -mu * previous + (1 + mu) * v[i]
                            }
                        }
                    case .adam:
                        for i in 0..<w.count {
                            let grad = g[i] + decay * w[i]
                            state[0][i] = b1 * state[0][i] + (1 - b1) * grad
                            state[1][i] = b2 * state[1][i] + (1 - b2) * grad * grad
                            let mHat = state[0][i] / correction1, vHat = state[1][i] / correction2
                            w[i] -= lr * mHat / (vHat.squareRoot() + eps)
                        }
                    case .adadelta:
                        // ConvNetJS's form: no learning rate; state[0] = E[g^2], state[1] = E[dx^2].
                        for i in 0..<w.count {
                            let grad = g[i] + decay * w[i]
                            state[0][i] = rho * state[0][i] + (1 - rho) * grad * grad
                            let dx = -((state[1][i] + eps) / (state[0][i] + eps)).squareRoot() * grad
                            state[1][i] = rho * state[1][i] + (1 - rho) * dx * dx
                            w[i] += dx
                        }
                    }
                }
            }
            slots[index] = state
        }
    }
}
