import Foundation

/// Plain-loop references of sigmoid, tanh and leaky ReLU, computed in Double whatever the scalar
/// type, like the rest of `ReferenceLayers`.
extension ReferenceLayers {
    // MARK: Activations

    /// x -> f(x), any shape.
    public static func activationForward<T: BinaryFloatingPoint>(_ x: [T], _ f: ActivationFunction) -> [T] {
        x.map { v in
            switch f {
            case .sigmoid: T(1 / (1 + Foundation.exp(-Double(v))))
            case .tanh: T(Foundation.tanh(Double(v)))
            case .leakyReLU(let a): v > 0 ? v : T(a) * v
            }
        }
    }

    /// dy -> dx = dy * f'(x), any shape.
    public static func activationBackward<T: BinaryFloatingPoint>(_ x: [T], _ dy: [T], _ f: ActivationFunction) -> [T] {
        zip(x, dy).map { v, g in
            switch f {
            case .sigmoid:
                let s = T(1 / (1 + Foundation.exp(-Double(v))))
                return g * s * (1 - s)
            case .tanh:
                let t = T(Foundation.tanh(Double(v)))
                return g * (1 - t * t)
            case .leakyReLU(let a):
                return v > 0 ? g : T(a) * g
            }
        }
    }
}
