/// Max pooling written out window by window: which element of each window wins. The lecture's
/// example is a 2x2 window, stride 2, over a 4x4 single-channel map.
///
/// Layout: input [C][H][W] -> output [C][OH][OW]; windows visited channel, row, column.
public struct PoolWalkthrough: Hashable, Sendable {
    public let inputVolume: Volume
    /// [C][H][W]
    public let input: [Float]
    public let window: Int
    public let stride: Int
    public let outputVolume: Volume
    /// [C][OH][OW]
    public let output: [Float]
    /// For each output cell, the (row, column) in the input of the winning element; the first
    /// maximum in reading order wins a tie (as PyTorch's max pool does).
    public let winners: [Position]

    public struct Position: Hashable, Sendable {
        public var channel: Int
        public var row: Int
        public var column: Int
        public init(channel: Int, row: Int, column: Int) {
            self.channel = channel
            self.row = row
            self.column = column
        }
    }

    /// The cs231n slide's 4x4 example: max pool 2x2 stride 2 gives 6 8 / 3 4.
    public static let lectureExample: [Float] = [
        1, 1, 2, 4,
        5, 6, 7, 8,
        3, 2, 1, 0,
        1, 2, 3, 4,
    ]

    public init(input: [Float], volume: Volume, window: Int = 2, stride: Int = 2) throws(ConvolutionWalkthrough.Problem) {
        guard input.count == volume.count else {
            throw .init(message: "input has \(input.count) values but \(volume) needs \(volume.count)")
        }
        guard window > 0, stride > 0 else { throw .init(message: "window and stride must be at least 1") }
        let what = "\(window)x\(window) window"
        let oh: Int, ow: Int
        switch OutputSize.compute(input: volume.height, filter: window, pad: 0, stride: stride, rounding: .exact, what: what) {
        case .success(let n): oh = n
        case .failure(let p): throw .init(message: p.message)
        }
        switch OutputSize.compute(input: volume.width, filter: window, pad: 0, stride: stride, rounding: .exact, what: what) {
        case .success(let n): ow = n
        case .failure(let p): throw .init(message: "width: " + p.message)
        }
        inputVolume = volume
        self.input = input
        self.window = window
        self.stride = stride
        outputVolume = Volume(width: ow, height: oh, depth: volume.depth)
        var out: [Float] = []
        var wins: [Position] = []
        let h = volume.height, w = volume.width
        // Shapes: input [C][H][W] -> out [C][OH][OW]; each window is window x window, no padding.
        for c in 0..<volume.depth {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = Position(channel: c, row: oy * stride, column: ox * stride)
                    var bestValue = input[(c * h + best.row) * w + best.column]
                    for ky in 0..<window {
                        for kx in 0..<window {
                            let y = oy * stride + ky, x = ox * stride + kx
                            let v = input[(c * h + y) * w + x]
                            if v > bestValue {
                                bestValue = v
                                best = Position(channel: c, row: y, column: x)
                            }
                        }
                    }
                    out.append(bestValue)
                    wins.append(best)
                }
            }
        }
        output = out
        winners = wins
    }

    public var stepCount: Int { outputVolume.count }

    public func value(channel c: Int, row y: Int, column x: Int) -> Float {
        input[(c * inputVolume.height + y) * inputVolume.width + x]
    }

    /// Output cell i as (channel, row, column) of the output.
    public func outputPosition(ofStep i: Int) -> Position {
        let per = outputVolume.width * outputVolume.height
        return Position(channel: i / per, row: (i % per) / outputVolume.width, column: i % outputVolume.width)
    }

    /// Top-left of the window of output step i, in input coordinates.
    public func windowOrigin(ofStep i: Int) -> (row: Int, column: Int) {
        let p = outputPosition(ofStep: i)
        return (p.row * stride, p.column * stride)
    }
}
