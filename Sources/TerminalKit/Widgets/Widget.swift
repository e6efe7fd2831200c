/// Anything that draws itself into a rectangle of a grid. Widgets are plain values built
/// fresh each frame from the app's state; they keep no state between frames.
public protocol Widget {
    func render(into grid: inout CellGrid, area: Rect)
}

/// A widget with a natural size in cells (images, heat maps), so containers such as
/// `TileGrid` can lay several out without drawing them first.
public protocol SizedWidget: Widget {
    var size: Size { get }
}

/// A width and height in cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)x\(height)" }
}
