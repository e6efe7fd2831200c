/// The xterm 256-colour palette: 16 system colours, a 6x6x6 cube, and 24 greys.
public enum XtermPalette {
    /// Channel values of the cube's six levels (xterm's, not an even 0/51/102... split).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    // xterm's defaults for 0...15; terminals let users change these, which is why
    // quantisation below never picks them.
    static let system: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The sRGB value of a palette index as xterm shows it.
    public static func rgb(of index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return system[i] }
        if i < 232 {
            let c = i - 16
            return RGB(cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        }
        let v = UInt8(8 + 10 * (i - 232))
        return RGB(v, v, v)
    }

    /// Index 0...5 of the cube level nearest to `v` (midpoints 48, 115, 155, 195, 235).
    public static func nearestCubeLevel(_ v: UInt8) -> Int {
        v < 48 ? 0 : (v < 115 ? 1 : (Int(v) - 35) / 40)
    }

    /// Nearest palette index (16...255) to an sRGB triple: the better of the nearest cube
    /// colour and the nearest grey, by squared RGB distance; ties go to the cube.
    public static func nearestIndex(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        let ri = nearestCubeLevel(r), gi = nearestCubeLevel(g), bi = nearestCubeLevel(b)
        let cube = RGB(cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi

        let mean = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = min(23, max(0, Int((Double(mean - 8) / 10).rounded())))
        let gv = UInt8(8 + 10 * greyStep)
        let greyIndex = 232 + greyStep

        let target = RGB(r, g, b)
        return distance(target, cube) <= distance(target, RGB(gv, gv, gv)) ? UInt8(cubeIndex) : UInt8(greyIndex)
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }
}
