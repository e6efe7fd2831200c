import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The losses beyond classification against PyTorch's own: `F.cross_entropy` on (N, C, H, W)
/// scores with (N, H, W) targets, `F.smooth_l1_loss` and `F.mse_loss` (mean reduction), loss
/// and gradient with respect to the outputs, in double precision. The expected values come from
/// PyTorch only.
@Suite(.enabled(if: PythonTorch.isAvailable, PythonTorch.skipReason))
struct PyTorchLossDifferentialTests {
    static let script = """
    import json, sys
    import torch
    import torch.nn.functional as F
    cases = json.load(open(sys.argv[1]))
    out = []
    for c in cases:
        x = torch.tensor(c["outputs"], dtype=torch.float64).reshape(c["shape"]).requires_grad_(True)
        if c["kind"] == "pixelsoftmax":
            loss = F.cross_entropy(x, torch.tensor(c["labels"]).reshape([c["shape"][0]] + c["shape"][2:]))
        elif c["kind"] == "smoothl1":
            loss = F.smooth_l1_loss(x, torch.tensor(c["targets"], dtype=torch.float64).reshape(c["shape"]), beta=1.0)
        else:
            loss = F.mse_loss(x, torch.tensor(c["targets"], dtype=torch.float64).reshape(c["shape"]))
        loss.backward()
        out.append({"loss": loss.item(), "gradient": x.grad.reshape(-1).tolist()})
    json.dump(out, open(sys.argv[2], "w"))
    """

    struct Case: Codable {
        var kind: String
        var shape: [Int]
        var outputs: [Float]
        var labels: [Int]?
        var targets: [Float]?
    }

    struct Answer: Codable {
        var loss: Double
        var gradient: [Double]
    }

    @Test func lossesMatchPyTorchOnRandomShapes() throws {
        var rng = SeededRandom(seed: 16)
        var cases: [Case] = []
        var mine: [(loss: Double, gradient: [Float])] = []
        for i in 0..<12 {
            let n = 1 + rng.nextInt(below: 3), c = 2 + rng.nextInt(below: 4), h = 1 + rng.nextInt(below: 5), w = 1 + rng.nextInt(below: 5)
            let outputs = (0..<(n * c * h * w)).map { _ in Float(rng.nextGaussian() * 3) }
            switch i % 3 {
            case 0:
                let labels = (0..<(n * h * w)).map { _ in rng.nextInt(below: c) }
                cases.append(Case(kind: "pixelsoftmax", shape: [n, c, h, w], outputs: outputs, labels: labels))
                let r = Losses.pixelSoftmaxCrossEntropy(scores: Tensor(batch: n, volume: Volume(width: w, height: h, depth: c), data: outputs), labels: labels)
                mine.append((r.loss, r.gradient.data))
            default:
                let kind: LossSpec.Regression = i % 3 == 1 ? .smoothL1 : .l2
                let targets = (0..<outputs.count).map { _ in Float(rng.nextGaussian()) }
                cases.append(Case(kind: kind.rawValue, shape: [n, c * h * w], outputs: outputs, targets: targets))
                let r = Losses.regression(kind, outputs[...], targets: targets[...])
                mine.append((r.loss, r.gradient))
            }
        }
        let dir = try InteropDirectory()
        defer { dir.remove() }
        try JSONEncoder().encode(cases).write(to: dir.file("cases.json"))
        let run = try PythonTorch.script(Self.script, in: dir.url, arguments: ["cases.json", "answers.json"])
        try #require(run.status == 0, "python failed:\n\(run.output)")
        let answers = try JSONDecoder().decode([Answer].self, from: Data(contentsOf: dir.file("answers.json")))
        try #require(answers.count == cases.count)
        for (i, (theirs, ours)) in zip(answers, mine).enumerated() {
            #expect(abs(theirs.loss - ours.loss) <= 1e-5 * max(1, abs(theirs.loss)), "case \(i) \(cases[i].kind) \(cases[i].shape): loss \(ours.loss) vs \(theirs.loss)")
            #expect(relativeDifference(ours.gradient, theirs.gradient.map { Float($0) }) < 1e-4, "case \(i) \(cases[i].kind) \(cases[i].shape): gradient")
        }
    }
}
