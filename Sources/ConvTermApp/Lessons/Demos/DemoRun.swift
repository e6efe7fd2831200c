import ConvEngine
import Foundation

/// A demo run without a terminal (`convterm demo NAME --headless`): the measurement behind the
/// demo's point, as a one-line summary and a JSON document of its numbers.
public struct DemoOutcome: Sendable {
    public var summary: String
    /// Pretty-printed, keys sorted, ending in a newline.
    public var json: String
}

public enum DemoRun {
    /// Runs `request`'s demo to the end on this thread. Throws only when the demo cannot start
    /// (a network that does not fit it).
    public static func run(_ request: LessonDemoRequest) throws -> DemoOutcome {
        switch request.kind {
        case .seeing:
            let report = SeeingExperiment(request).run()!
            return DemoOutcome(summary: report.summary, json: json(report))
        case .transfer:
            let report = TransferExperiment(request).run()!
            return DemoOutcome(summary: report.summary, json: json(report))
        case .race:
            let report = RaceRun(request).run()!
            return DemoOutcome(summary: report.summary, json: json(report))
        case .parallel:
            let report = try ParallelRun(request).run()
            return DemoOutcome(summary: report.summary, json: json(report))
        case .segment:
            let report = try SegmentRun(request).run()!
            return DemoOutcome(summary: report.summary, json: json(report))
        case .localize:
            let report = try LocalizeRun(request).run()!
            return DemoOutcome(summary: report.summary, json: json(report))
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // A NaN (an accuracy over no images) is written as the string "nan" rather than failing the whole report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
