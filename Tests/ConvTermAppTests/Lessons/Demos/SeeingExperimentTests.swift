import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// Lesson 11's point on a short seeded run: after training on noisy copies, the saliency of the
/// true class lies on the object (as the painter drew it) at least twice as much as the object's
/// share of the image; the same run on clean images does not get there.
@Suite struct SeeingExperimentTests {
    func request(seed: UInt64, _ options: [String: String]) -> LessonDemoRequest {
        LessonDemoRequest(kind: .seeing, networks: [], options: options, seed: seed)
    }

    @Test func trainedSaliencySitsOnTheObject() throws {
        let untrained = try #require(SeeingExperiment(request(seed: 5, ["steps": "1", "images": "40"])).run())
        let trained = try #require(SeeingExperiment(request(seed: 5, ["steps": "600", "images": "40"])).run())
        #expect(trained.inputNoise == 0.2)
        #expect(trained.testAccuracy > 0.7)
        // The same 40 images and masks for both.
        #expect(trained.objectArea == untrained.objectArea)
        #expect(trained.saliencyInObject > untrained.saliencyInObject + 0.1, "trained \(trained.summary); untrained \(untrained.summary)")
        // The bar: at least twice the object's share of the image.
        #expect(trained.ratio >= 2, "\(trained.summary)")
        // Gradient ascent on each stripe class draws stripes running its class's way.
        #expect(trained.ascentOrientation.map(\.className) == ["stripes-h", "stripes-v", "stripes-up", "stripes-down"])
        #expect(trained.ascentOrientation.map(\.measured) == ["horizontal", "vertical", "rising /", "falling \\"])
    }

    /// What makes the difference: the same steps on the same batches without the noise leave the
    /// saliency spread over the background, well short of twice the object's share.
    @Test func withoutTheNoiseTheSaliencySpreads() throws {
        let clean = try #require(SeeingExperiment(request(seed: 5, ["steps": "600", "images": "40", "noise": "0"])).run())
        #expect(clean.inputNoise == 0)
        #expect(clean.testAccuracy > 0.7)
        #expect(clean.ratio < 1.9, "\(clean.summary)")
    }

    /// The orientation measure on pictures whose stripes are known: image y grows downwards, so
    /// a rising stripe `/` steps (+1, -1).
    @Test func orientationOfDrawnStripes() throws {
        for (k, step) in [(1, 0), (0, 1), (1, -1), (1, 1)].enumerated() {
            // Stripes of period 4 along the normal to `step`: value depends on x*ny - y*nx only.
            let image = (0..<3 * 32 * 32).map { i -> Float in
                let x = i % 32, y = (i / 32) % 32
                let u = x * step.1 - y * step.0
                return ((u % 4) + 4) % 4 < 2 ? 0.4 : -0.4
            }
            #expect(SeeingExperiment.orientation(of: image, volume: Volume(width: 32, height: 32, depth: 3))
                    == SeeingExperiment.stripeDirections[k].name)
        }
    }

    /// The measurement by hand for one image: the share of the map inside the dilated mask.
    @Test func measurementIsTheShareInsideTheDilatedMask() throws {
        let experiment = SeeingExperiment(request(seed: 2, ["images": "1"]))
        let network = try Network(spec: experiment.spec, initialization: .convnetjs, seed: 9)
        let test = experiment.testSet
        let m = experiment.measure(network, test: test)
        let drawn = SyntheticCIFAR.drawn(index: 0, count: test.count, seed: SyntheticCIFAR.testSeed(splitSeed: 2))
        let map = Saliency.compute(network: network, image: DemoTraining.floats(test, 0), classIndex: test.label(at: 0)).map
        let mask = drawn.objectMask(dilation: 1)
        var inside = 0.0, total = 0.0, area = 0
        for k in 0..<1024 {
            total += Double(map[k])
            if mask[k] { inside += Double(map[k]); area += 1 }
        }
        #expect(m.images == 1)
        #expect(abs(m.saliencyInObject - inside / total) < 1e-12)
        #expect(m.objectArea == Double(area) / 1024)
    }

    @Test func aSeedGivesTheSameNumbers() throws {
        var a = try #require(SeeingExperiment(request(seed: 8, ["steps": "5", "images": "10"])).run())
        var b = try #require(SeeingExperiment(request(seed: 8, ["steps": "5", "images": "10"])).run())
        a.seconds = 0; b.seconds = 0
        #expect(a == b)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DemoRun.json(a).utf8)) as? [String: Any])
        // (JSON text round-trips a Double to within its last digit.)
        #expect(abs((json["saliency_in_object"] as? Double ?? -1) - a.saliencyInObject) < 1e-12)
        #expect(abs((json["object_area"] as? Double ?? -1) - a.objectArea) < 1e-12)
    }
}
