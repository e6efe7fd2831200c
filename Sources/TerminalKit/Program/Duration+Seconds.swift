extension Duration {
    /// The duration as seconds: what `frame(now:)` messages and animation intervals count in.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
