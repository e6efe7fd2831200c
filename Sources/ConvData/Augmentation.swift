import ConvEngine

/// Random shifts and mirrors drawn per image, as the ConvNetJS CIFAR-10 demo does: a shift of
/// -2...2 pixels in each direction (zero fill) and a left-right flip half the time.
///
/// Every draw comes from the `SeededRandom` the caller passes, so a run replays exactly; the
/// draw order is fixed (dx, dy, then flip) and is part of that contract.
public struct Augmentation: Sendable, Hashable {
    /// Largest shift in pixels, each direction independently.
    public var maxShift: Int
    /// Whether to mirror left-right with probability 1/2.
    public var flips: Bool

    public init(maxShift: Int = 2, flips: Bool = true) {
        precondition(maxShift >= 0, "maxShift must not be negative")
        self.maxShift = maxShift
        self.flips = flips
    }

    /// ConvNetJS's CIFAR-10 setting: shifts up to 2 px and horizontal flips (photos of objects
    /// keep their class in a mirror).
    public static let convNetJS = Augmentation()

    /// Shifts up to 2 px, never a mirror: for sets whose classes differ by handedness.
    public static let shiftsOnly = Augmentation(flips: false)

    /// Draws one image's transform.
    public func draw(using rng: inout SeededRandom) -> ImageTransform {
        let span = 2 * maxShift + 1
        let dx = maxShift == 0 ? 0 : rng.nextInt(below: span) - maxShift
        let dy = maxShift == 0 ? 0 : rng.nextInt(below: span) - maxShift
        let flip = flips ? (rng.next() >> 63) == 1 : false
        return ImageTransform(dx: dx, dy: dy, flip: flip)
    }
}
