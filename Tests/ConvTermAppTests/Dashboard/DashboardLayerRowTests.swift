import ConvEngine
import Testing
@testable import ConvTermApp

/// The dashboard's network column for the layers that go up and bend: each says what it does in
/// words, with the volumes the engine computes.
@Suite struct DashboardLayerRowTests {
    @Test func newLayersAreDescribedInWords() throws {
        let spec = try SpecParser.parse("input 8x8x4\ndw: conv 4 3x3 pad 2 dilation 2 groups 4\nup: deconv 2 2x2 stride 2\nupsample 2x bilinear\nleakyrelu 0.1\n")
        let rows = DashboardLayerRow.rows(NetworkShapes(spec))
        #expect(rows[1].summary == "4 filters 3x3x1, stride 1, pad 2, dilation 2, 4 groups -> 8x8x4")
        #expect(rows[2].type == "deconv" && rows[2].window == "2x2*2")
        #expect(rows[2].summary == "deconv: 2 filters 2x2 stamped at stride 2: 8x8x4 -> 16x16x2")
        #expect(rows[2].paramsFormula == "2x2x2x4+2 = 34")
        #expect(rows[3].summary == "upsample 2x bilinear: 16x16x2 -> 32x32x2" && rows[3].window == "x2")
        #expect(rows[4].type == "leakyrelu" && rows[4].summary == "leakyrelu x if x > 0, else 0.1 x -> 32x32x2")
    }
}
