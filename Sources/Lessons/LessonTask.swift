import ConvEngine

/// `@task ... @end`: something the student does with the step's live widget, which the engine
/// checks on the widget's own state (never on what the student says they did):
///
///     @task
///     goal: Make conv1 output 16x16x32: change its filters, its stride or its pad.
///     check: conv1.output = 16x16x32
///     done: Two of the three numbers you changed are in the formula (W - F + 2P)/S + 1.
///     @end
///
/// `check:` is the first stage; each `then:` line is a later one, met only after the ones
/// before it ("raise the learning rate until the loss blows up, then bring it back"). A stage
/// is one or more conditions joined by `and`, each `SUBJECT OP VALUE`; which subjects a widget
/// has is `TaskFields`'s business.
public struct LessonTask: Sendable {
    public var location: SourceLocation
    public var goal: [Template]
    public var stages: [[TaskCondition]]
    /// Shown once the task is met: what the student should take from it.
    public var done: [Template]
}

/// A value a task compares with: the widget's state gives one, the lesson writes the other.
public enum TaskValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case volume(Volume)
    /// `yes`/`no`, a layer name, a view (`weights`).
    case word(String)

    /// `16x16x32` is a volume, `0.04` a number, anything else a word.
    public static func parse(_ text: String) -> TaskValue {
        if let v = Volume.parse(text) { return .volume(v) }
        if let n = Double(text) { return .number(n) }
        return .word(text.lowercased())
    }

    public static func yesNo(_ b: Bool) -> TaskValue { .word(b ? "yes" : "no") }

    public var description: String {
        switch self {
        case .number(let n): return ValueFormat.grouped.format(.number(n))
        case .volume(let v): return v.description
        case .word(let w): return w
        }
    }

    /// What kind of thing it is, for the checker's messages.
    public var kindName: String {
        switch self {
        case .number: return "number"
        case .volume: return "volume"
        case .word: return "word"
        }
    }
}

/// `conv1.output = 16x16x32`, `lr <= 0.02`, `fits = no`.
public struct TaskCondition: Sendable {
    public enum Operator: String, Sendable, CaseIterable {
        // Two-character ones first, so `<=` is not read as `<` followed by `=3`.
        case notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", equal = "=", less = "<", greater = ">"

        /// Only numbers have an order; volumes and words are equal or not.
        public var isOrdering: Bool { self != .equal && self != .notEqual }
    }

    public var subject: String
    public var op: Operator
    public var value: TaskValue
    /// Where the subject starts (the checker's errors about the subject point here).
    public var location: SourceLocation
    public var valueLocation: SourceLocation

    /// Whether `actual` (the widget's value of the subject) satisfies the condition. A missing
    /// value (a layer the student removed, an explorer whose settings do not fit) satisfies nothing.
    public func holds(_ actual: TaskValue?) -> Bool {
        guard let actual else { return false }
        switch (actual, value) {
        case (.number(let a), .number(let b)):
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        case (.volume(let a), .volume(let b)):
            return op == .equal ? a == b : op == .notEqual ? a != b : false
        case (.word(let a), .word(let b)):
            return op == .equal ? a == b : op == .notEqual ? a != b : false
        default:
            return op == .notEqual
        }
    }
}

/// A task as the student works on it: how many of its stages are met. Pure, so the player, the
/// dashboard and the tests all move it the same way, one observation at a time.
public struct LessonTaskRun: Sendable {
    public var task: LessonTask
    public private(set) var stagesMet = 0

    public init(_ task: LessonTask, met: Bool = false) {
        self.task = task
        if met { stagesMet = task.stages.count }
    }

    public var isMet: Bool { stagesMet >= task.stages.count }

    /// Looks at the widget once (`facts` gives the value of a subject). At most one stage is met
    /// per look, so "then" really means later. Returns true when this look finished the task.
    @discardableResult
    public mutating func observe(_ facts: (String) -> TaskValue?) -> Bool {
        guard !isMet else { return false }
        let stage = task.stages[stagesMet]
        guard stage.allSatisfy({ $0.holds(facts($0.subject)) }) else { return false }
        stagesMet += 1
        return isMet
    }
}
