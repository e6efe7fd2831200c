import ConvData
import ConvEngine
import Testing
import TerminalKit
@testable import ConvTermApp

/// Slide pictures pixel by pixel on a net whose weights are set by hand.
@Suite struct SlidePicturesTests {
    static func pictures() throws -> SlidePictures {
        let spec = try SpecParser.parse("input 4x4x3\nconv1: conv 2 2x2\nrelu\nfc1: fc 2\n")
        let network = try Network(spec: spec, initialization: .pytorch, seed: 1)
        let conv = try #require(network.allLayers.first { $0.name == "conv1" } as? Convolution)
        // Filter 0: red plane 1, green and blue 0 -> pure red. Filter 1: blue plane 0, 1, 2, 3 in
        // reading order, red and green 0 -> blue rising from black to full over its own range.
        conv.weight.value = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]
        return SlidePictures(trainer: try Trainer(network: network, optimizer: .init(kind: .sgd), threads: 1), name: "tiny", step: 7)
    }

    static func pixel(_ p: SlidePictures.Picture, _ x: Int, _ y: Int) -> [UInt8] {
        let o = 3 * (y * p.width + x)
        return Array(p.rgb[o..<(o + 3)])
    }

    @Test func filtersAreRealPixelsAtAnIntegerZoom() throws {
        let sheets = try Self.pictures().filters(zoom: 2)
        try #require(sheets.count == 1)
        let p = sheets[0]
        #expect(p.fileName == "tiny-conv1-filters-step7.png")
        // Two 2x2 tiles side by side at zoom 2, a 1-pixel gap around each: 1 + 2*(4+1) by 1 + (4+1).
        #expect((p.width, p.height) == (11, 6))
        #expect(Self.pixel(p, 0, 0) == [24, 24, 24])                 // background
        for (x, y) in [(1, 1), (2, 2), (4, 4)] { #expect(Self.pixel(p, x, y) == [255, 0, 0]) }
        #expect(Self.pixel(p, 5, 1) == [24, 24, 24])                 // the gap between tiles
        #expect(Self.pixel(p, 6, 1) == [0, 0, 0])                    // filter 1, weight 0: its minimum
        #expect(Self.pixel(p, 7, 2) == [0, 0, 0])                    // same weight, zoomed
        #expect(Self.pixel(p, 9, 3) == [0, 0, 255])                  // weight 3: its maximum
        #expect(Self.pixel(p, 8, 1) == [0, 0, 85])                   // weight 1 of 0...3
    }

    @Test func unknownLayerIsRefusedNamingTheChoices() throws {
        do {
            _ = try Self.pictures().filters(layer: "fc1")
            Issue.record("fc1 has no filters")
        } catch {
            #expect("\(error)".contains("choose one of conv1"), "\(error)")
        }
    }

    @Test func activationsDrawEveryChannelOfTheLayer() throws {
        let p = try Self.pictures().activations(image: [Float](repeating: 0.25, count: 48), layer: "conv1", zoom: 1)
        try #require(p.count == 1)
        #expect(p[0].fileName == "tiny-conv1-activations-step7.png")
        // Two 3x3 maps at zoom 1 with a 1-pixel gap: 1 + 2*(3+1) by 1 + (3+1).
        #expect((p[0].width, p[0].height) == (9, 5))
    }
}
