import ConvData
import Foundation
import Testing

@Suite struct ContactSheetTests {
    @Test func sheetIsAPNGOfTenRowsOfTen() throws {
        let set = SyntheticCIFAR.make(count: 200, seed: 1)
        let png = ContactSheet.png(set, perClass: 10, scale: 3, gap: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR width and height, big-endian, right after the 8-byte signature and chunk header.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 10 * (96 + 2) + 2)
        #expect(height == 10 * (96 + 2) + 2)
        // For looking at the synthetic set by eye: CONVDATA_CONTACT_SHEET=/tmp/sheet.png swift test
        if let path = ProcessInfo.processInfo.environment["CONVDATA_CONTACT_SHEET"] {
            try Data(png).write(to: URL(fileURLWithPath: path))
        }
    }
}
