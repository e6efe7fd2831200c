import Testing
import TerminalKit

// Key numbers are ncurses' (curses.h): KEY_DOWN 0402 = 258, KEY_UP 259, KEY_F0 0410 = 264,
// KEY_DC 0512 = 330, KEY_NPAGE 338, KEY_PPAGE 339, KEY_ENTER 0527 = 343, KEY_BTAB 0541 = 353,
// KEY_END 0550 = 360, KEY_RESIZE 0632 = 410.
@Suite struct KeyDecoderTests {
    @Test(arguments: [
        (258, Key.down), (259, .up), (260, .left), (261, .right), (262, .home), (263, .backspace),
        (265, .function(1)), (276, .function(12)), (330, .delete), (331, .insert), (338, .pageDown),
        (339, .pageUp), (343, .enter), (353, .backTab), (360, .end), (410, .resize), (999, .unknown(999)),
    ])
    func keyCodes(code: Int, key: Key) {
        #expect(KeyDecoder.decode(code, isKeyCode: true) == key)
    }

    @Test(arguments: [
        (113, Key.char("q")), (32, .char(" ")), (63, .char("?")), (9, .tab), (10, .enter), (13, .enter),
        (27, .escape), (127, .backspace), (8, .backspace), (3, .ctrl("c")), (14, .ctrl("n")),
        (0xE9, .char("é")), (0x2191, .char("↑")),
    ])
    func characters(code: Int, key: Key) {
        #expect(KeyDecoder.decode(code, isKeyCode: false) == key)
    }

    @Test func sameNumberMeansDifferentThingsWithAndWithoutKeyCodeFlag() {
        // 259 as a character is U+0103 "ă", not the up arrow.
        #expect(KeyDecoder.decode(259, isKeyCode: false) == .char("ă"))
    }

    @Test func descriptions() {
        #expect(Key.char(" ").description == "space")
        #expect(Key.ctrl("c").description == "ctrl-c")
        #expect(Key.function(5).description == "F5")
    }
}
