import Testing
@testable import ConvTermApp

/// `train.py`'s recipe is ConvTerm's: the default optimizer's rate and the cosine decay are the
/// ones `convterm train` uses (a copy of 0.01 once survived a change of the default to 0.02).
@Suite struct PyTorchTrainScriptTextTests {
    @Test func theDefaultRatesAndTheDecayAreConvTermsOwn() {
        let text = PyTorchTrainScript.text(title: "test")
        #expect(text.contains(#""momentum": 0.02"#), "the recipe's own rate for its optimizer")
        #expect(text.contains(#""adam": 0.001"#))
        #expect(text.contains("0.01 + (1 - 0.01) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / total)))"))
        #expect(text.contains("lr 0.02 decaying"))
    }
}
