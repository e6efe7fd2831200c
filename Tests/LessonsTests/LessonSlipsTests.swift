import Foundation
import Testing
@testable import Lessons

/// Issue 14's "slips to fix": each test would have caught one of them in the lessons as they were.
/// Expected values are the lecture's or papers' numbers, or arithmetic done by hand in a comment.
@Suite struct LessonSlipsTests {
    // MARK: 1. Choice quizzes whose answer is a computed fact agree with the engine

    @Test func theLayerWithTheMostMultiplyAddsIsTheMarkedChoice() throws {
        // conv1: 5*5*3 * 32*32*16 = 1,228,800; conv2: 5*5*16 * 16*16*20 = 2,048,000;
        // conv3: 5*5*20 * 8*8*20 = 640,000; fc1: 320*10 = 3,200.
        let lesson = try RepositoryLessons.lesson(5)
        #expect(try RepositoryLessons.value("demo.conv1.multiplyAdds", in: lesson) == 1_228_800)
        #expect(try RepositoryLessons.value("demo.conv2.multiplyAdds", in: lesson) == 2_048_000)
        #expect(try RepositoryLessons.markedChoice(5, "Where the work is").hasPrefix("conv2"))
    }

    @Test func otherComputedChoicesAgreeWithTheEngine() throws {
        // Lesson 1: pooling has nothing to learn, so the learning layers are the CONV ones.
        let one = try RepositoryLessons.lesson(1)
        #expect(try RepositoryLessons.value("alexnet.pool1.params", in: one) == 0)
        #expect(try RepositoryLessons.markedChoice(1, "The sandwich").contains("CONV"))
        // Lesson 6: AlexNet's FC layers hold 58,631,144 of 62,378,344 parameters.
        let six = try RepositoryLessons.lesson(6)
        #expect(try RepositoryLessons.value("alexnet.fcs.params", in: six) == 58_631_144)
        #expect(try RepositoryLessons.markedChoice(6, "The whole network").contains("fully connected"))
        // Lesson 7: fc6 (102,760,448 weights) is VGG-16's largest layer.
        let seven = try RepositoryLessons.lesson(7)
        let vgg = try #require(seven.library.shapes(named: "vgg16"))
        #expect(vgg.layerRows.max { $0.weights < $1.weights }?.name == "fc6")
        #expect(try RepositoryLessons.markedChoice(7, "Where it all goes") == "fc6")
        // Lesson 12: pool5's 25,088 values are far fewer than 138M gradient numbers.
        let twelve = try RepositoryLessons.lesson(12)
        #expect(try RepositoryLessons.value("vgg16.pool5.memory", in: twelve) == 25_088)
        #expect(try RepositoryLessons.markedChoice(12, "Model parallelism").hasPrefix("model parallelism"))
    }

    // MARK: 4. A step that points at a widget has one

    @Test func stepsThatPointAtAWidgetHaveOne() throws {
        let pointers = try Regex(#"(?i)\b(tab\b|the widget|the inspector|the table beside)"#)
        for lesson in try RepositoryLessons.all {
            for step in lesson.steps {
                // Prose, and what a quiz says (its explanation may send the student to the widget).
                let prose = step.blocks.compactMap { block -> String? in
                    switch block {
                    case .text(let t): return t.source
                    case .quiz(let q): return (q.question + q.hints + q.explanation).map(\.source).joined(separator: " ")
                    default: return nil
                    }
                }.joined(separator: " ")
                if prose.contains(pointers) {
                    #expect(step.widget != nil, "\(lesson.file) step `\(step.heading ?? "?")` points at a widget it does not have")
                }
            }
        }
    }

    // MARK: 5. AlexNet: the paper's order, dropout, and the two-GPU parameter count

    @Test func alexNetTrainingDetailsFollowThePaper() throws {
        let text = try RepositoryLessons.rendered(6)
        #expect(!text.contains("dropout** 0.5 in the FC layers"), "dropout was in FC6 and FC7 only")
        #expect(text.contains("FC6 and FC7"))
        // The paper normalises after ReLU and before pooling; the slide keeps CaffeNet's order.
        #expect(text.contains("CaffeNet"))
        #expect(text.contains("before pooling") || text.contains("before the pooling"))
    }

    @Test func alexNetShowsTheTwoGPUParameterCount() throws {
        // One tower: 62,378,344. The paper splits conv2, conv4 and conv5 into two groups, which
        // halves their weights: 614,400/2 + 1,327,104/2 + 884,736/2 = 1,413,120 fewer, 60,965,224.
        let text = try RepositoryLessons.rendered(6)
        #expect(text.contains("62,378,344"))
        #expect(text.contains("60,965,224"))
        #expect(text.contains("simplified"))
    }

    // MARK: 6. YOLO's head

    @Test func yoloSaysItsOneByOneConvIsASimplification() throws {
        let (lesson, step) = try RepositoryLessons.step(10, "Detection: YOLO's 7x7 grid")
        let text = try RepositoryLessons.shown(step, in: lesson)
        #expect(text.contains("fully connected"), "YOLO v1 builds its 7x7x30 output with fully connected layers")
    }

    // MARK: 7. GoogLeNet against the paper and the lecture

    @Test func googLeNetRatiosAreReconciledWithThePaperAndTheLecture() throws {
        let (lesson, step) = try RepositoryLessons.step(8, "Fewer parameters")
        let text = try LessonRenderer.renderStep(step, evaluator: lesson.evaluator, showAnswers: true)
        #expect(text.contains("12x"), "the paper's 12 times fewer parameters")
        #expect(text.contains("2x"), "the lecture's 2 times more compute")
    }

    // MARK: 8. One unit for bytes

    @Test func bytesAreInMiBThroughoutAndQuizzesAskInTheirHintsUnit() throws {
        let megabytes = try Regex(#"\d\s*(MB|GB|KB)\b"#)
        for lesson in try RepositoryLessons.all {
            let text = try LessonRenderer.render(lesson)
            #expect(!text.contains(megabytes), "\(lesson.file) mixes MB with MiB")
            for step in lesson.steps {
                guard let q = step.quiz else { continue }
                let question = try q.question.map { try $0.render(lesson.evaluator) }.joined(separator: " ")
                let hints = try q.hints.map { try $0.render(lesson.evaluator) }.joined(separator: " ")
                if hints.contains("MiB") {
                    #expect(question.contains("MiB"), "\(lesson.file): the hint is in MiB, the question is not: \(question)")
                }
            }
        }
    }

    // MARK: 9. Non-linearities and weights vs parameters

    @Test func netsCreditedWithNonLinearitiesHaveThem() throws {
        let lesson = try RepositoryLessons.lesson(7)
        let three = try #require(lesson.library.shapes(named: "three"))
        let relus = three.layerRows.filter { if case .relu = $0.kind { true } else { false } }
        #expect(relus.count == 3, "three stacked 3x3 conv layers, each followed by a ReLU")
    }

    @Test func stepsCountingWeightsShowAWeightsColumn() throws {
        for lesson in try RepositoryLessons.all {
            for step in lesson.steps {
                let prose = step.blocks.compactMap { block -> String? in
                    if case .text(let t) = block { return t.source } else { return nil }
                }.joined(separator: " ")
                guard prose.contains("not biases"), let w = step.widget, w.name == "network" else { continue }
                #expect(w.option("columns")?.contains("weights") == true, "\(lesson.file) step `\(step.heading ?? "?")` counts weights but its table shows weights + biases")
            }
        }
    }

    // MARK: 10. Helper networks and repeated numbers

    /// A printed ```net block is explained: its step's prose computes something from it, a widget
    /// shows it, or the prose line just before it introduces it (ends with a colon).
    @Test func everyShownNetworkIsExplainedInItsStep() throws {
        for lesson in try RepositoryLessons.all {
            for step in lesson.steps {
                var used = Set(step.widget?.arguments ?? [])
                for block in step.blocks {
                    switch block {
                    case .text(let t), .heading(let t): for c in t.computed { used.formUnion(c.expression.references.map { $0[0] }) }
                    default: break
                    }
                }
                var lastProse = ""
                for block in step.blocks {
                    switch block {
                    case .text(let t) where !t.source.trimmingCharacters(in: .whitespaces).isEmpty:
                        lastProse = t.source.trimmingCharacters(in: .whitespaces)
                    case .code("net", let lines):
                        let name = lesson.networks.first { $0.text == lines.joined(separator: "\n") }?.name ?? "?"
                        #expect(used.contains(name) || lastProse.hasSuffix(":"),
                                "\(lesson.file): network `\(name)` is printed in step `\(step.heading ?? "?")` with no word about it")
                        lastProse = ""
                    case .widget, .quiz: lastProse = ""
                    default: break
                    }
                }
            }
        }
    }

    @Test func noSentenceRepeatsOneNumberAsTwo() throws {
        let repeated = try Regex(#"(\d[\d,]{2,}) and \1\b"#)
        for lesson in try RepositoryLessons.all {
            let text = try LessonRenderer.render(lesson)
            #expect(!text.contains(repeated), "\(lesson.file): \(text.firstMatch(of: repeated).map { String(text[$0.range]) } ?? "")")
        }
    }

    // MARK: 12. Our own words

    /// Sentences of the lecture's slides (and of another course's pooling slide) that lessons once
    /// paraphrased too closely. Facts carry over; these wordings must not.
    static let sourceWordings = [
        "more data = retrain more of the network",
        "retrain more of the network (or all of it)",
        "makes the representation smaller and more manageable",
        "makes the representations smaller and more manageable",
        "smaller and more manageable",
        "works on every activation map independently",
        "operates over each activation map independently",
        "slide over the image spatially, computing dot products",
        "filters always extend the full depth of the input volume",
        "most memory is in early conv",
        "most params are in late fc",
        "convolve the filter with the image",
        "separate activation maps",
        "is a sequence of convolution layers",
        "changes from task to task",
    ]

    @Test func lessonsDoNotReuseTheSourcesWording() throws {
        for lesson in try RepositoryLessons.all {
            let text = try LessonRenderer.render(lesson).lowercased().replacingOccurrences(of: "**", with: "")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for phrase in Self.sourceWordings {
                #expect(!text.contains(phrase), "\(lesson.file) reuses \"\(phrase)\"")
            }
        }
    }
}
