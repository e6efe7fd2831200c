@testable import ConvData
import Foundation
import Testing

/// The built-in set with masks and boxes: the same pixels and labels as the classification set,
/// masks that are the painter's own, boxes that hold their mask tightly.
@Suite struct SyntheticObjectsTests {
    @Test func theImagesAreTheClassificationSetsByteForByte() {
        let objects = SyntheticObjects.make(count: 300, seed: 9)
        let plain = SyntheticCIFAR.make(count: 300, seed: 9)
        #expect(objects.images.labels == plain.labels)
        #expect(SyntheticCIFARTests.bytes(objects.images) == SyntheticCIFARTests.bytes(plain))
    }

    @Test func masksAreThePaintersAndBoxesHoldThemTightly() {
        let objects = SyntheticObjects.make(count: 60, seed: 4)
        for i in 0..<60 {
            let drawn = SyntheticCIFAR.drawn(index: i, count: 60, seed: 4)
            let mask = drawn.objectMask()
            #expect(objects.mask(i).map { $0 != 0 } == mask, "image \(i)")
            let box = objects.boxes[i]
            #expect(drawn.box == box)
            // Every mask pixel inside the box, and every edge of the box touches a mask pixel.
            var touches = [false, false, false, false]
            for (k, inside) in mask.enumerated() where inside {
                let x = Float(k % 32), y = Float(k / 32)
                #expect(x >= box.left && x + 1 <= box.right && y >= box.top && y + 1 <= box.bottom)
                if x == box.left { touches[0] = true }
                if x + 1 == box.right { touches[1] = true }
                if y == box.top { touches[2] = true }
                if y + 1 == box.bottom { touches[3] = true }
            }
            #expect(touches == [true, true, true, true], "image \(i)")
        }
        // Objects are neither empty nor the whole image.
        let covered = (0..<60).map { i in objects.mask(i).reduce(0) { $0 + Int($1) } }
        #expect(covered.allSatisfy { $0 > 10 && $0 < 1000 })
    }

    @Test func iouHandWorked() {
        let a = ObjectBox(left: 0, top: 0, right: 4, bottom: 4)
        // Shifted by 2 in x: shared 2x4 = 8, union 16 + 16 - 8 = 24.
        #expect(a.iou(ObjectBox(left: 2, top: 0, right: 6, bottom: 4)) == Float(8) / 24)
        #expect(a.iou(a) == 1)
        #expect(a.iou(ObjectBox(left: 5, top: 5, right: 6, bottom: 6)) == 0)
        // A box reaching past another's edge: the negative overlap counts as none.
        #expect(a.iou(ObjectBox(left: 4, top: 0, right: 8, bottom: 4)) == 0)
        #expect(ObjectBox.around([false, true, false, false, true, true], width: 3) == ObjectBox(left: 1, top: 0, right: 3, bottom: 2))
        #expect(ObjectBox.around([false, false], width: 2) == nil)
    }
}
