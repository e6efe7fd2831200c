import ConvEngine
import Foundation
import Lessons

/// The demos `convterm demo NAME` runs on their own: the same ones, on the same networks and
/// options, that the lessons open with tab.
public enum DemoCatalog {
    public struct Entry: Sendable {
        public var kind: LessonDemoRequest.Kind
        /// The lesson file that opens it (its id), for the listing.
        public var lesson: String
        /// What it shows, in one line.
        public var summary: String
        public var name: String { kind.rawValue }
    }

    public static let entries: [Entry] = [
        Entry(kind: .seeing, lesson: "11-seeing",
              summary: "saliency and gradient ascent on a freshly trained net: does the saliency sit on the object?"),
        Entry(kind: .transfer, lesson: "09-transfer-learning",
              summary: "frozen pretrained features + a new head vs the same net from scratch, on 50 images a class"),
        Entry(kind: .race, lesson: "08-googlenet-resnet",
              summary: "a shallow plain, a deep plain and a deep residual net on the same batches: does depth alone hurt training?"),
        Entry(kind: .parallel, lesson: "12-what-it-takes",
              summary: "data parallelism checked live (averaged gradients = one big batch), and data vs model parallelism costs"),
        Entry(kind: .segment, lesson: "10-beyond-classification",
              summary: "an encoder-decoder learns to paint the object's pixels: its mask over test images, the true mask, the IoU curve"),
        Entry(kind: .localize, lesson: "10-beyond-classification",
              summary: "one net learns what the object is and where: its box beside the true box on test images, the IoU curve"),
    ]

    /// What a race's `--net` options must be.
    public static var raceNetsExpected: String { RaceRecipe.netsExpected }

    /// Other words people use for a demo.
    static let aliases: [String: LessonDemoRequest.Kind] = ["saliency": .seeing, "dream": .seeing, "residual": .race]

    public static func entry(named name: String) -> Entry? {
        let key = name.lowercased()
        let kind = LessonDemoRequest.Kind(rawValue: key) ?? aliases[key]
        return entries.first { $0.kind == kind }
    }

    /// `convterm demo --list`: one line a demo.
    public static var listing: String {
        let width = entries.map(\.name.count).max() ?? 0
        return entries.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary + " (lesson \($0.lesson))" }
            .joined(separator: "\n")
    }

    /// "no demo `x`; demos: seeing, transfer, race, parallel".
    public static func unknown(_ name: String) -> String {
        "no demo `\(name)`; the demos are \(entries.map(\.name).joined(separator: ", ")) (`convterm demo --list` says what each shows)"
    }

    /// The demo as the lessons open it: the networks and options of the first lesson step whose
    /// widget opens `kind`. Without the lessons (nil, or no such step) the demo's own defaults.
    public static func request(_ kind: LessonDemoRequest.Kind, lessons: LessonLibrary?) -> LessonDemoRequest {
        for entry in lessons?.entries ?? [] {
            let library = entry.lesson.library
            for step in entry.lesson.steps {
                if let w = step.widget, LessonWidgetPanel.demoKind(w) == kind,
                   let request = LessonWidgetPanel.demoRequest(w, library: library) {
                    return request
                }
            }
        }
        return LessonDemoRequest(kind: kind, networks: [])
    }
}
