import Foundation
@testable import Lessons

/// The repository's lessons directory, found from this file's path.
let lessonsDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("lessons").path
}()

func parse(_ text: String, file: String = "t.lesson") -> LessonParser.Result {
    LessonParser.parse(text, file: file)
}

func evaluate(_ expression: String, lesson text: String = "# T\nx\n") throws -> Value {
    let lesson = parse(text).lesson
    let e = try ExpressionParser.parse(expression, line: 1, column: 1, file: "t.lesson")
    return try lesson.evaluator.evaluate(e)
}
