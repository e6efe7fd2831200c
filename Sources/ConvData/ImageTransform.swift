/// Where one image is moved before it is fed to the network: a shift with zero fill, then an
/// optional left-right mirror (the order of ConvNetJS's `augment`).
///
/// Output pixel (x, y) takes the input pixel at (x - dx, y - dy) of the shifted image, so a
/// positive `dx` moves the content right and a positive `dy` moves it down; pixels shifted in
/// from outside are 0 in the *preprocessed* float space, as ConvNetJS does (with its
/// p/255 - 0.5 scaling, 0 is mid-grey, so the border carries no colour).
public struct ImageTransform: Sendable, Hashable {
    public var dx: Int
    public var dy: Int
    public var flip: Bool

    public init(dx: Int = 0, dy: Int = 0, flip: Bool = false) {
        self.dx = dx
        self.dy = dy
        self.flip = flip
    }

    public static let identity = ImageTransform()

    public var isIdentity: Bool { dx == 0 && dy == 0 && !flip }
}
