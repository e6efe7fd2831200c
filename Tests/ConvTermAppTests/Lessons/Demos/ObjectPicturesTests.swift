import ConvData
@testable import ConvTermApp
import TerminalKit
import Testing

/// Tests for Sources/ConvTermApp/Lessons/Demos/ObjectPictures.swift: boxes outlined on a test image.
struct ObjectPicturesTests {
    static let side = SyntheticObjects.side
    static let black = [UInt8](repeating: 0, count: 3 * side * side)
    static let red = RGB(255, 0, 0)

    @Test func aBoxIsOutlinedAlongItsEdges() {
        let box = ObjectBox(left: 4, top: 6, right: 10, bottom: 12)   // pixels 4...9 x 6...11
        let picture = ObjectPictures.boxed(Self.black, boxes: [(box, Self.red)])
        let reds = picture.pixels.indices.filter { picture.pixels[$0] == Self.red }
        var expected = Set<Int>()
        for x in 4...9 {
            expected.insert(6 * Self.side + x)
            expected.insert(11 * Self.side + x)
        }
        for y in 6...11 {
            expected.insert(y * Self.side + 4)
            expected.insert(y * Self.side + 9)
        }
        #expect(Set(reds) == expected)
    }

    /// A runaway box head predicts edges far outside the image, even infinite ones: drawing them
    /// must not trap (Int(inf) does); an infinite box is left out, a huge finite one clamped to the border.
    @Test func boxesFarOutsideTheImageDoNotTrap() {
        let infinite = ObjectBox(left: 0, top: 0, right: .infinity, bottom: 5)
        let huge = ObjectBox(left: -1e10, top: -1e10, right: 1e10, bottom: 1e10)   // area 4e20, finite; Int(1e10) fits but is far outside
        let drawnInfinite = ObjectPictures.boxed(Self.black, boxes: [(infinite, Self.red)])
        #expect(!drawnInfinite.pixels.contains(Self.red))
        let drawnHuge = ObjectPictures.boxed(Self.black, boxes: [(huge, Self.red)])
        #expect(drawnHuge.pixels[0] == Self.red && drawnHuge.pixels[Self.side * Self.side - 1] == Self.red)
        #expect(drawnHuge.pixels[Self.side * (Self.side / 2) + Self.side / 2] != Self.red)
    }
}
