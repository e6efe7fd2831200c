import ConvEngine
import Foundation
import Lessons
import Testing
@testable import ConvTermApp

/// `convterm demo NAME` runs the demos the lessons open, on the same networks and options.
@Suite struct DemoCatalogTests {
    func lessons() throws -> LessonLibrary { try LessonLibrary(directory: LessonPlayerTests.directory) }

    @Test func everyDemoKindIsListedOnceWithItsLesson() throws {
        #expect(DemoCatalog.entries.map(\.kind).sorted { $0.rawValue < $1.rawValue }
                == LessonDemoRequest.Kind.allCases.sorted { $0.rawValue < $1.rawValue })
        let ids = Set(try lessons().entries.map(\.id))
        for entry in DemoCatalog.entries {
            #expect(ids.contains(entry.lesson), "\(entry.name) names lesson \(entry.lesson)")
            #expect(DemoCatalog.listing.split(separator: "\n").contains { $0.hasPrefix(entry.name + " ") })
        }
        #expect(DemoCatalog.listing.split(separator: "\n").count == DemoCatalog.entries.count)
    }

    @Test func namesAndAliasesFindDemosAndUnknownNamesListThem() {
        #expect(DemoCatalog.entry(named: "Transfer")?.kind == .transfer)
        #expect(DemoCatalog.entry(named: "saliency")?.kind == .seeing)
        #expect(DemoCatalog.entry(named: "resnet") == nil)
        let message = DemoCatalog.unknown("resnet")
        #expect(message.contains("`resnet`"))
        for name in ["seeing", "transfer", "race", "parallel"] { #expect(message.contains(name)) }
    }

    /// The request the standalone command builds is the one tab opens in the lesson.
    @Test func theCommandRunsWhatTheLessonsOpen() throws {
        let library = try lessons()
        let race = DemoCatalog.request(.race, lessons: library)
        #expect(race.networks.map(\.name) == ["plain8-cifar", "plain32-cifar", "resnet32-cifar"])
        for kind in LessonDemoRequest.Kind.allCases {
            let request = DemoCatalog.request(kind, lessons: library)
            let (entryIndex, stepIndex) = try #require(Self.firstStep(opening: kind, in: library))
            var player = LessonPlayerState(library: library, progress: LessonProgress())
            _ = player.open(lesson: entryIndex, step: 0)
            player.go(to: stepIndex)
            var opened: LessonDemoRequest?
            for case .launch(let launch) in player.update(.tab) { opened = launch.demo }
            let tabbed = try #require(opened, "tab on \(library.entries[entryIndex].id) step \(stepIndex + 1) opens no demo")
            #expect(tabbed.kind == request.kind)
            #expect(tabbed.networks.map(\.name) == request.networks.map(\.name))
            #expect(tabbed.networks.map(\.spec.text) == request.networks.map(\.spec.text))
            #expect(tabbed.options == request.options)
        }
        // Without the lessons, the demos' own defaults.
        #expect(DemoCatalog.request(.transfer, lessons: nil).networks.isEmpty)
    }

    static func firstStep(opening kind: LessonDemoRequest.Kind, in library: LessonLibrary) -> (Int, Int)? {
        for (e, entry) in library.entries.enumerated() {
            for (s, step) in entry.lesson.steps.enumerated() {
                if let w = step.widget, LessonWidgetPanel.demoKind(w) == kind { return (e, s) }
            }
        }
        return nil
    }
}
