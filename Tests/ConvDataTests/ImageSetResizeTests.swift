import Testing
@testable import ConvData

/// Tests for Sources/ConvData/ImageSet+Resize.swift. The expected bytes are PyTorch's
/// `F.interpolate(x, size, mode="bilinear", align_corners=False).round()` on the same images
/// (computed with torch 2.13 once and written here).
@Suite struct ImageSetResizeTests {
    @Test func upscalingTwoByTwoToFourByFourIsPyTorchsBilinear() {
        let set = ImageSet(pixels: [0, 100, 200, 40], labels: [1], classNames: ["a", "b"], channels: 1, height: 2, width: 2)
        let big = set.resized(width: 4, height: 4)
        #expect(big.width == 4 && big.height == 4 && big.channels == 1)
        #expect(big.pixels(at: 0) == [0, 25, 75, 100,
                                      50, 59, 76, 85,
                                      150, 126, 79, 55,
                                      200, 160, 80, 40])
        #expect(big.label(at: 0) == 1 && big.classNames == ["a", "b"])
    }

    @Test func downscalingFourByFourToThreeRowsOfTwo() {
        let set = ImageSet(pixels: (0..<16).map { UInt8($0 * 10) }, labels: [0], classNames: ["a"], channels: 1, height: 4, width: 4)
        #expect(set.resized(width: 2, height: 3).pixels(at: 0) == [12, 32, 65, 85, 118, 138])
    }

    @Test func eachChannelAndImageIsResizedOnItsOwn() {
        // Two 3-channel 2x2 images of constant planes: every plane stays its constant.
        let pixels: [UInt8] = [10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30,
                               40, 40, 40, 40, 50, 50, 50, 50, 60, 60, 60, 60]
        let set = ImageSet(pixels: pixels, labels: [0, 1], classNames: ["a", "b"], channels: 3, height: 2, width: 2)
        let big = set.resized(width: 5, height: 3)
        #expect(big.count == 2 && big.pixelsPerImage == 45)
        #expect(big.pixels(at: 0) == [UInt8](repeating: 10, count: 15) + [UInt8](repeating: 20, count: 15) + [UInt8](repeating: 30, count: 15))
        #expect(big.pixels(at: 1) == [UInt8](repeating: 40, count: 15) + [UInt8](repeating: 50, count: 15) + [UInt8](repeating: 60, count: 15))
        #expect(big.labels == [0, 1])
    }

    @Test func imageNetNormalisationIsTorchvisionsMeanAndStd() {
        let p = Preprocessing.imageNet
        // (p/255 - mean) / std with torchvision's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
        #expect(abs(p.value(ofByte: 255, channel: 0) - (1 - 0.485) / 0.229) < 1e-5)
        #expect(abs(p.value(ofByte: 0, channel: 1) - (0 - 0.456) / 0.224) < 1e-5)
        #expect(abs(p.value(ofByte: 128, channel: 2) - (128.0 / 255 - 0.406) / 0.225) < 1e-5)
        #expect(p.formula == "(p/255 - (0.485, 0.456, 0.406)) / (0.229, 0.224, 0.225)")
        // The hot loop agrees with the formula.
        let set = ImageSet(pixels: [255, 0, 128], labels: [0], classNames: ["a"], channels: 3, height: 1, width: 1)
        var out = [Float](repeating: 0, count: 3)
        out.withUnsafeMutableBufferPointer { set.writeFloats(at: 0, into: $0.baseAddress!, preprocessing: p) }
        #expect(out == [p.value(ofByte: 255, channel: 0), p.value(ofByte: 0, channel: 1), p.value(ofByte: 128, channel: 2)])
        #expect(Preprocessing.convNetJS.formula == "p/255 - 0.5")
    }

    @Test func imageNetHasAThousandDistinctClassNames() {
        let names = ImageNetClasses.names
        #expect(names.count == 1000)
        #expect(Set(names).count == 1000)
        #expect(names[0] == "tench" && names[1] == "goldfish" && names[281] == "tabby" && names[999] == "toilet tissue")
    }
}
