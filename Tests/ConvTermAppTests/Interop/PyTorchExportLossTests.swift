import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// A net with a `loss` line exports: model.py's Net gives ConvTerm's outputs and its `loss_fn`
/// ConvTerm's loss on the same targets (the expected values come from PyTorch), and train.py,
/// a CIFAR classifier's loop, stops saying what to use instead.
@Suite struct PyTorchExportLossTests {
    @Test func trainPyAndTheReadmeSayWhatALossNetNeeds() throws {
        for name in ["segnet-tiny", "boxnet-tiny"] {
            let source = try NetworkSource.load(name)
            let files = try PyTorchExport(source: source, seed: 1).files()
            let text = { (file: String) in String(decoding: files.first { $0.name == file }!.data, as: UTF8.self) }
            let loss = source.spec.loss!.text
            #expect(text("model.py").contains("def loss_fn("))
            #expect(text("model.py").contains("It is trained for `loss \(loss)`"))
            #expect(text("train.py").contains("sys.exit(\"train.py trains CIFAR classifiers only; this net ends in `loss \(loss)`"))
            #expect(text("train.py").contains("convterm train --task \(name == "segnet-tiny" ? "segment" : "localize") --net network.net"))
            #expect(text("README.txt").contains("loss_fn, its `loss \(loss)` in PyTorch"))
            #expect(text("network.net").hasSuffix("loss \(loss)\n"))
        }
        // A classifier keeps the training script and has no loss_fn.
        let plain = try PyTorchExport(source: NetworkSource.load("convnetjs-cifar10"), seed: 1).files()
        #expect(!String(decoding: plain.first { $0.name == "model.py" }!.data, as: UTF8.self).contains("loss_fn"))
        #expect(String(decoding: plain.first { $0.name == "train.py" }!.data, as: UTF8.self).contains("def make_optimizer"))
    }

    static let script = """
    import json, sys
    import torch
    import model
    torch.set_num_threads(1)
    net = model.load_weights(model.Net(), "weights.safetensors").eval()
    data = model.load_safetensors("inputs.safetensors")
    case = json.load(open("targets.json"))
    with torch.no_grad():
        out = net(data["x"])
        if case["kind"] == "segment":
            loss = model.loss_fn(out, torch.tensor(case["labels"]).reshape(out.shape[0], out.shape[2], out.shape[3]))
        else:
            loss = model.loss_fn(out, torch.tensor(case["labels"]), torch.tensor(case["targets"]).reshape(out.shape[0], -1))
    json.dump({"loss": loss.item(), "outputs": out.flatten().tolist()}, open("out.json", "w"))
    """

    /// Seeded weights (He, as the task runs start), the built-in objects as inputs and their own
    /// masks and boxes as targets: PyTorch's loss on model.py's outputs is ConvTerm's.
    @Test(.enabled(if: PythonTorch.isAvailable, PythonTorch.skipReason), arguments: ["segnet-tiny", "boxnet-tiny"])
    func theExportedLossIsConvTermsLoss(name: String) throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        let spec = try #require(Zoo.spec(named: name))
        let network = try Network(spec: spec, initialization: .he, seed: 5)
        try PyTorchExport(spec: spec, network: network, title: name, source: name).write(to: dir.url)
        let set = SyntheticObjects.make(count: 3, seed: 9)
        let x = ObjectTaskData.images(set, [0, 1, 2])
        try SafeTensors(tensors: [SafeTensors.Tensor(name: "x", shape: [3, 3, 32, 32], values: x.data)]).write(to: dir.file("inputs.safetensors"))
        let targets: TrainingTargets
        var json: [String: Any]
        if name == "segnet-tiny" {
            let labels = ObjectTaskData.pixelLabels(set, [0, 1, 2])
            targets = .pixelLabels(labels)
            json = ["kind": "segment", "labels": labels]
        } else {
            let labels = (0..<3).map { set.images.label(at: $0) }, boxes = ObjectTaskData.boxTargets(set, [0, 1, 2])
            targets = .labelsAndValues(labels, boxes)
            json = ["kind": "localize", "labels": labels, "targets": boxes.map(Double.init)]
        }
        try JSONSerialization.data(withJSONObject: json).write(to: dir.file("targets.json"))
        let run = try PythonTorch.script(Self.script, in: dir.url)
        try #require(run.status == 0, "python failed:\n\(run.output)")
        let torch = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("out.json"))) as? [String: Any])
        let outputs = network.scores(x, PassContext(training: false, threads: 1))
        let ours = Losses.evaluate(spec.loss, outputs: outputs, targets: targets).loss
        let theirs = try #require(torch["loss"] as? Double)
        #expect(abs(ours - theirs) <= 1e-4 * max(1, abs(theirs)), "\(name): ConvTerm \(ours), PyTorch \(theirs)")
        // Not a vacuous match: the outputs are PyTorch's too, and the loss is not zero.
        let torchOutputs = try #require(torch["outputs"] as? [Double]).map(Float.init)
        #expect(relativeDifference(outputs.data, torchOutputs) <= 1e-4)
        #expect(theirs > 0.01)
    }
}
