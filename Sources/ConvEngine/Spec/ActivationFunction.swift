/// The smooth and leaky nonlinearities besides ReLU: `sigmoid`, `tanh`, `leakyrelu A`.
/// One family, one runtime layer (`Activation`): each is elementwise and has no parameters.
public enum ActivationFunction: Hashable, Sendable {
    case sigmoid
    case tanh
    /// x for x > 0, slope * x otherwise (PyTorch's `negative_slope`, default 0.01).
    case leakyReLU(slope: Double)

    /// PyTorch's default slope, used when a `.net` line gives none.
    public static let defaultLeakySlope = 0.01

    /// The word that starts the layer's line in a `.net` file.
    public var keyword: String {
        switch self {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .leakyReLU: "leakyrelu"
        }
    }

    /// The formula, for the inspector and the dashboard.
    public var formula: String {
        switch self {
        case .sigmoid: "1 / (1 + e^-x)"
        case .tanh: "tanh(x)"
        case .leakyReLU(let a): "x if x > 0, else \(a) x"
        }
    }
}
