/// Many small pictures (filters, activation maps) with a label under each, wrapped into rows.
public struct TileGrid: Widget {
    public struct Tile {
        public var label: String
        public var content: any SizedWidget
        public var labelStyle: Style?
        public init(label: String, content: any SizedWidget, labelStyle: Style? = nil) {
            self.label = label
            self.content = content
            self.labelStyle = labelStyle
        }
    }

    public var tiles: [Tile]
    /// Blank columns between tiles, blank rows between rows of tiles.
    public var spacing: Int
    public var rowSpacing: Int
    public var labelStyle: Style
    /// Tiles skipped from the start (scrolling through more tiles than fit).
    public var offset: Int

    public init(tiles: [Tile], spacing: Int = 1, rowSpacing: Int = 0, labelStyle: Style = .dim, offset: Int = 0) {
        self.tiles = tiles
        self.spacing = spacing
        self.rowSpacing = rowSpacing
        self.labelStyle = labelStyle
        self.offset = max(0, offset)
    }

    /// Where each tile goes (content plus its label row), for tiles from `offset` on that fit;
    /// the result's count says how many are shown.
    public func layout(in area: Rect) -> [Rect] {
        var rects: [Rect] = []
        var x = area.x, y = area.y, rowHeight = 0
        for tile in tiles.dropFirst(offset) {
            let s = tile.content.size
            let w = s.width, h = s.height + 1
            if x > area.x && x + w > area.maxX {
                x = area.x
                y += rowHeight + rowSpacing
                rowHeight = 0
            }
            if w > area.width || y + h > area.maxY { break }
            rects.append(Rect(x: x, y: y, width: w, height: h))
            x += w + spacing
            rowHeight = max(rowHeight, h)
        }
        return rects
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var rects = layout(in: area)
        // Say how many are hidden rather than letting them vanish: the note gets its own line.
        var hidden = tiles.count - offset - rects.count
        if hidden > 0 {
            rects = layout(in: area.inset(bottom: 1))
            hidden = tiles.count - offset - rects.count
            let note = "+\(hidden) more"
            if note.count <= area.width {
                grid.write(note, x: area.maxX - note.count, y: area.maxY - 1, style: labelStyle, clip: area)
            }
        }
        let ellipsis = grid.glyphs.ellipsis
        for (rect, tile) in zip(rects, tiles.dropFirst(offset)) {
            tile.content.render(into: &grid, area: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1))
            let label = TextLayout.clip(tile.label, width: rect.width, ellipsis: ellipsis)
            grid.write(label, x: rect.x, y: rect.maxY - 1, style: tile.labelStyle ?? labelStyle, clip: area)
        }
    }
}
