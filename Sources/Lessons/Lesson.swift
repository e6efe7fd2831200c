import ConvEngine

/// One lesson file: a title and short steps. Built by `LessonParser`; numbers are expressions until
/// a `LessonRenderer` or the player evaluates them against the lesson's networks.
public struct Lesson: Sendable {
    public var file: String
    public var title: String
    public var steps: [Step]
    public var networks: [NetDeclaration]

    /// The networks the lesson declares, shape-inferred, for the evaluator.
    public var library: NetworkLibrary {
        var declared: [String: NetworkShapes] = [:]
        for n in networks { declared[n.name] = n.shapes }
        return NetworkLibrary(declared: declared)
    }

    public var evaluator: Evaluator { Evaluator(library: library, file: file) }
}

/// A ```net NAME block: the text as written and its parsed shapes.
public struct NetDeclaration: Sendable {
    public var name: String
    public var text: String
    public var spec: NetworkSpec
    public var shapes: NetworkShapes
    /// The fence line; the spec's first line is the one after it.
    public var line: Int
}

public struct Step: Sendable {
    public var line: Int
    public var blocks: [Block]

    /// The first `## heading`, shown in lists and the status line.
    public var heading: String? {
        for case .heading(let t) in blocks { return t.source }
        return nil
    }

    public var quiz: Quiz? {
        for case .quiz(let q) in blocks { return q }
        return nil
    }

    public var widget: WidgetDirective? {
        for case .widget(let w) in blocks { return w }
        return nil
    }

    public var task: LessonTask? {
        for case .task(let t) in blocks { return t }
        return nil
    }
}

public enum Block: Sendable {
    case heading(Template)
    /// One line of prose (paragraphs are runs of lines; an empty template is a paragraph break).
    case text(Template)
    /// A fenced block shown verbatim (```net blocks show their network text).
    case code(language: String, lines: [String])
    case widget(WidgetDirective)
    case quiz(Quiz)
    /// Something to do with the step's live widget, checked on its state (`LessonTask`).
    case task(LessonTask)
}

/// Text with `{{ expr }}` holes.
public struct Template: Sendable {
    public enum Part: Sendable {
        case text(String)
        case value(Computed)
    }

    public var parts: [Part]
    public var line: Int

    public var isEmpty: Bool { parts.isEmpty }

    /// The text as written, holes included (for headings in lists).
    public var source: String {
        parts.map { part in
            switch part {
            case .text(let s): return s
            case .value(let c): return "{{ \(c.source) }}"
            }
        }.joined()
    }

    public var computed: [Computed] {
        parts.compactMap { if case .value(let c) = $0 { return c } else { return nil } }
    }

    public func render(_ evaluator: Evaluator) throws(LessonError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .value(let c): out += try c.render(evaluator)
            }
        }
        return out
    }
}

/// One computed value: an expression, how to write it, and where it sits in the file.
public struct Computed: Sendable {
    public var expression: Expression
    public var format: ValueFormat
    public var source: String
    public var location: SourceLocation

    public func evaluate(_ evaluator: Evaluator) throws(LessonError) -> Value {
        try evaluator.evaluate(expression)
    }

    public func render(_ evaluator: Evaluator) throws(LessonError) -> String {
        format.format(try evaluate(evaluator))
    }
}

/// `@widget NAME ARG... --option value`: what the player shows beside the step's text.
public struct WidgetDirective: Sendable {
    public var name: String
    public var arguments: [String]
    public var options: [String: String]
    public var location: SourceLocation

    public func option(_ key: String) -> String? { options[key] }
}

public struct Quiz: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case number, volume, choice
    }

    public struct Choice: Sendable {
        public var text: Template
        public var correct: Bool
        /// `- [ ] text -> why`: what a student who picks this wrong choice is told.
        public var feedback: Template? = nil
    }

    /// `mistake: 75 -> that is a depth-3 filter; conv2's input has depth 6`: a wrong answer the
    /// author expects, and what to say to a student who gives it.
    public struct Mistake: Sendable {
        public enum Expected: Sendable {
            /// An expression the engine evaluates (a number, or a volume such as `net.conv1.input`).
            case computed(Computed)
            /// A volume written out, `28x28x3`: volumes have no literal in expressions.
            case volume(Volume)
        }

        public var expected: Expected
        public var message: [Template]
        public var location: SourceLocation
    }

    public enum Tolerance: Sendable {
        case relative(Double)
        case absolute(Computed)
    }

    public var kind: Kind
    public var location: SourceLocation
    public var question: [Template]
    public var answer: Computed?
    public var tolerance: Tolerance?
    public var choices: [Choice]
    public var hints: [Template]
    public var explanation: [Template]
    public var mistakes: [Mistake] = []
}
