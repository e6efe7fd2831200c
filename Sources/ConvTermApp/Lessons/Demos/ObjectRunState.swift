import ConvEngine

/// The run a lesson-10 checkpoint belongs to, read back from the `extra` lines `ObjectTraining`
/// writes and checked. Every such checkpoint has them all, so a missing or unreadable one means a
/// hand edit or damage the checksum did not stop (it was recomputed): refused, naming the key,
/// rather than quietly replaced by a default, which would resume on other images, in another
/// order or to another end than the run had, or trap later (an epoch near Int.max overflows when
/// the order turns over; a huge `train-images` is allocated up front).
struct ObjectRunState {
    var seed: UInt64
    var trainCount: Int
    var batch: Int
    /// Where the data order stood: its epoch and the images of that epoch already drawn.
    var epoch: Int
    var position: Int
    /// The step the run was going for.
    var end: Int

    /// `convterm train --batch`'s range.
    static let batches = 1...100_000
    /// Far beyond any run, as the header's own step and example counts (`Checkpoint.largestCount`).
    static let largest = Checkpoint.largestCount

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ checkpoint: Checkpoint, path: String) throws {
        let extra = checkpoint.extra
        func read<T>(_ key: String, expected: String, _ parse: (String) -> T?) throws -> T {
            let edited = "the header was edited or damaged; use an earlier checkpoint, or put back the value the run wrote"
            guard let text = extra[key] else {
                throw Failure(description: "\(path): the header has no `extra \(key)` line, which every --task checkpoint has (\(expected)); \(edited)")
            }
            guard let value = parse(text) else {
                throw Failure(description: "\(path): header line `extra \(key) \(text)`: expected \(expected); \(edited)")
            }
            return value
        }
        func whole(_ text: Substring, in range: ClosedRange<Int>) -> Int? {
            Int(text).flatMap { range.contains($0) ? $0 : nil }
        }
        func wholeText(_ range: ClosedRange<Int>) -> String {
            "a whole number from \(range.lowerBound.grouped) to \(range.upperBound.grouped)"
        }
        seed = try read(ObjectTraining.Key.seed, expected: "the seed, a whole number from 0 to \(UInt64.max)") { UInt64($0) }
        let counts = ObjectRunRecipe.trainCounts
        let trainCount = try read(ObjectTraining.Key.trainImages, expected: "the training set's size, \(wholeText(counts))") {
            whole($0[...], in: counts)
        }
        self.trainCount = trainCount
        batch = try read(ObjectTraining.Key.batch, expected: "the batch, \(wholeText(Self.batches))") { whole($0[...], in: Self.batches) }
        let order = try read(ObjectTraining.Key.order,
                             expected: "the data order's epoch (\(wholeText(0...Self.largest))) and position in it (\(wholeText(0...trainCount)), the train-images)") {
            text -> (Int, Int)? in
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            guard words.count == 2, let epoch = whole(words[0], in: 0...Self.largest), let position = whole(words[1], in: 0...trainCount) else { return nil }
            return (epoch, position)
        }
        (epoch, position) = order
        let ends = checkpoint.step...max(checkpoint.step, Self.largest)
        end = try read(ObjectTraining.Key.end, expected: "the step the run ends at, \(wholeText(ends)) (it was saved at step \(checkpoint.step))") {
            whole($0[...], in: ends)
        }
    }
}
