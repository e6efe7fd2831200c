import ConvEngine
import Foundation

/// The confusion matrix with per-class accuracy, as `train` and `eval` print it.
public enum ConfusionTable {
    public static func render(_ evaluation: Evaluation, classNames: [String]) -> String {
        let names = (0..<evaluation.confusion.count).map { $0 < classNames.count ? classNames[$0] : "class \($0)" }
        let width = max(10, names.map(\.count).max() ?? 0)
        var out = "Confusion matrix (rows: true class, columns: predicted)\n"
        out += String(repeating: " ", count: width + 2) + (0..<names.count).map { String(format: "%5d", $0) }.joined() + "   accuracy\n"
        for (i, row) in evaluation.confusion.enumerated() {
            out += "\(i) " + names[i].padding(toLength: width, withPad: " ", startingAt: 0)
            out += row.map { String(format: "%5d", $0) }.joined()
            out += String(format: "   %6.1f%%\n", evaluation.perClassAccuracy[i] * 100)
        }
        return out
    }
}
