import ArgumentParser
import Foundation
import Lessons

struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Check, print or reset the lessons.",
        subcommands: [Check.self, Render.self, Reset.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse lessons, build every network, evaluate every expression; report file:line:column problems.",
            discussion: "Exit status 0 when every file is clean, 1 otherwise. Files not ending in .lesson (a README) are skipped."
        )

        @Argument(help: "Lesson files or directories (default: the lessons directory).")
        var files: [String] = []

        func run() throws {
            var paths: [String] = []
            let inputs = files.isEmpty ? [try lessonsDirectoryOrExit()] : files
            for input in inputs {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                    printError("\(input): no such file or directory")
                    throw ExitCode(1)
                }
                if isDirectory.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: input).filter { $0.hasSuffix(".lesson") }.sorted()
                    paths += names.map { input + "/" + $0 }
                } else if input.hasSuffix(".lesson") {
                    paths.append(input)
                }
            }
            var problems = 0
            for path in paths {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    printError("\(path):1:1: cannot read this file as UTF-8 text")
                    problems += 1
                    continue
                }
                for error in LessonChecker.check(text, file: path) {
                    printError(error.description)
                    problems += 1
                }
            }
            print("\(paths.count) lesson\(paths.count == 1 ? "" : "s") checked, \(problems == 0 ? "no" : String(problems)) problem\(problems == 1 ? "" : "s")")
            if problems > 0 { throw ExitCode(1) }
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a lesson as plain text with every value computed and every quiz answered."
        )

        @Argument(help: "A .lesson file, or a lesson number or name from the lessons directory.")
        var file: String

        func run() throws {
            var path = file
            if !FileManager.default.fileExists(atPath: path) {
                let library = try LessonLibrary(directory: try lessonsDirectoryOrExit())
                guard let i = library.find(file) else {
                    printError("no lesson file or lesson named `\(file)`")
                    throw ExitCode(1)
                }
                path = library.entries[i].path
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = LessonParser.parse(text, file: path)
            if !result.errors.isEmpty {
                result.errors.forEach { printError($0.description) }
                throw ExitCode(1)
            }
            do {
                print(try LessonRenderer.render(result.lesson), terminator: "")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget lesson progress (asks first unless --yes)."
        )

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() throws {
            let store = ProgressStore.standard
            guard FileManager.default.fileExists(atPath: store.path) else {
                print("no progress saved (\(store.path))")
                return
            }
            if !yes {
                print("Forget all lesson progress in \(store.path)? [y/N] ", terminator: "")
                guard let answer = readLine(), answer.lowercased().hasPrefix("y") else {
                    print("kept")
                    return
                }
            }
            _ = try store.reset()
            print("progress reset (\(store.path) removed)")
        }
    }
}

