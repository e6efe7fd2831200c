@testable import ConvTermApp
import TerminalKit
import Testing

/// conv1's filters are drawn big enough to read as pictures: integer zoom of the real pixels.
@Suite struct DashboardImagesTests {
    typealias F = DashboardFixtures

    @Test func filtersAreAtLeastTenPixelsAcrossWhereEightStillFit() {
        // The 120x40 layer view's body: 16 filters fit only at scale 1, but 12 fit at 2.
        let medium = Rect(x: 0, y: 0, width: 53, height: 23)
        #expect(DashboardImages.tileScale(pixelWidth: 5, pixelHeight: 5, count: 16, area: medium) == 1)
        #expect(DashboardImages.filterScale(pixelWidth: 5, pixelHeight: 5, count: 16, area: medium) == 2)
        // 3x3 filters: 12 pixels across.
        #expect(DashboardImages.filterScale(pixelWidth: 3, pixelHeight: 3, count: 16, area: medium) == 4)
        // Where every filter fits larger than that, they all show as large as they fit (zoom).
        #expect(DashboardImages.filterScale(pixelWidth: 5, pixelHeight: 5, count: 16, area: Rect(x: 0, y: 0, width: 120, height: 34)) == 3)
        // 80x24: three at scale 2 would hide most of them, so all of them at scale 1.
        #expect(DashboardImages.filterScale(pixelWidth: 5, pixelHeight: 5, count: 16, area: Rect(x: 0, y: 0, width: 42, height: 10)) == 1)
    }

    @Test func conv1WeightsAtOneTwentyByFortyAreTwicePixelSize() {
        var s = F.trainedState()
        s.selectedLayer = 1
        s.viewMode = .weights
        let lines = F.render(s, width: 120, height: 40).lines
        // In the layer view (right of the 66-column network table, above the example), the
        // longest run of half blocks is one filter's width: 5 pixels at scale 2.
        let longest = lines.prefix(27).map { line in
            line.dropFirst(67).split(whereSeparator: { $0 != "▀" }).map(\.count).max() ?? 0
        }.max() ?? 0
        #expect(longest == 10)
        #expect(lines.contains { $0.contains("+4 more") })
    }
}
