import Testing
import TerminalKit

@Suite struct ColorModeTests {
    @Test func downgradeTo8Colours() {
        let m = ColorMode.colors8
        #expect(m.downgrade(.palette(196)) == .red)      // (255,0,0) nearest (205,0,0)
        #expect(m.downgrade(.palette(21)) == .blue)      // (0,0,255) nearest (0,0,238)
        #expect(m.downgrade(.palette(231)) == .white)
        #expect(m.downgrade(.palette(244)) == .white)    // mid grey 128 is above the 96 threshold
        #expect(m.downgrade(.palette(236)) == .black)    // grey 48
        #expect(m.downgrade(.palette(166)) == .red)      // orange (215,95,0): red 9125 < yellow 12200

        #expect(m.downgrade(.brightRed) == .red)
        #expect(m.downgrade(.green) == .green)
        #expect(m.downgrade(.default) == .default)
    }

    @Test func monochromeDropsColourAnd256KeepsIt() {
        #expect(ColorMode.monochrome.downgrade(.palette(196)) == .default)
        #expect(ColorMode.colors256.downgrade(.palette(196)) == .palette(196))
    }

    @Test func shadeRamps() {
        #expect(ShadeRamp.blocks.character(for: 0) == " ")
        #expect(ShadeRamp.blocks.character(for: 0.5) == "▒")
        #expect(ShadeRamp.blocks.character(for: 1) == "█")
        #expect(ShadeRamp.blocks.character(for: 7) == "█")
        #expect(ShadeRamp.ascii.character(for: 0.35) == "-")
        #expect(ShadeRamp.ascii.character(for: 0.95) == "@")
        #expect(ShadeRamp.ascii.character(for: .nan) == " ")
    }
}
