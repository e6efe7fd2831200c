/// The lecture's "slide the filter over the image" written out one output cell at a time: for
/// each cell, the window of the (zero-padded) input it sees, every product of that window with
/// the filter, their sum, the bias and the value. The explorer screen shows only numbers taken
/// from here, and tests check `output` against `ConvKernels.referenceForward`.
///
/// Layout is the engine's NCHW for one image: input [C][H][W], filters [K][C][F][F], bias [K],
/// output [K][OH][OW]. Cells are visited the way the lecture animates them: filter by filter,
/// then row by row, left to right.
public struct ConvolutionWalkthrough: Hashable, Sendable {
    /// The input volume without padding (width x height x depth, the lecture's notation).
    public let inputVolume: Volume
    /// [C][H][W], row-major per channel.
    public let input: [Float]
    public let filterCount: Int
    public let filterHeight: Int
    public let filterWidth: Int
    /// [K][C][F][F]: each filter always spans the whole input depth.
    public let filters: [Float]
    /// [K]
    public let bias: [Float]
    public let stride: Int
    public let pad: Int
    /// Width x height x filterCount, from `OutputSize` (the lecture's (N - F + 2P)/S + 1).
    public let outputVolume: Volume
    /// [K][OH][OW], every cell already computed (sum of products + bias, in Double, then rounded to Float).
    public let output: [Float]

    /// Why a configuration has no walkthrough: the filter does not fit, or the stride leaves a remainder.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Fails with the `OutputSize` explanation when the stride or filter does not fit (the explorer
    /// shows the message instead of a picture: the lecture's point is that such a layer is invalid).
    public init(input: [Float], volume: Volume, filters: [Float], filterCount: Int, filterHeight: Int, filterWidth: Int,
                bias: [Float], stride: Int, pad: Int) throws(Problem) {
        guard volume.count == input.count else {
            throw Problem(message: "input has \(input.count) values but \(volume) needs \(volume.count)")
        }
        guard filterCount > 0, filterHeight > 0, filterWidth > 0, stride > 0, pad >= 0 else {
            throw Problem(message: "filter count, filter size and stride must be at least 1 and pad at least 0")
        }
        guard filters.count == filterCount * volume.depth * filterHeight * filterWidth, bias.count == filterCount else {
            throw Problem(message: "\(filterCount) filters of \(filterWidth)x\(filterHeight)x\(volume.depth) need \(filterCount * volume.depth * filterHeight * filterWidth) weights and \(filterCount) biases")
        }
        let what = "\(filterWidth)x\(filterHeight) filter"
        let oh: Int, ow: Int
        switch OutputSize.compute(input: volume.height, filter: filterHeight, pad: pad, stride: stride, rounding: .exact, what: what) {
        case .success(let n): oh = n
        case .failure(let p): throw Problem(message: (volume.width == volume.height ? "" : "height: ") + p.message)
        }
        switch OutputSize.compute(input: volume.width, filter: filterWidth, pad: pad, stride: stride, rounding: .exact, what: what) {
        case .success(let n): ow = n
        case .failure(let p): throw Problem(message: "width: " + p.message)
        }
        self.inputVolume = volume
        self.input = input
        self.filterCount = filterCount
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.filters = filters
        self.bias = bias
        self.stride = stride
        self.pad = pad
        self.outputVolume = Volume(width: ow, height: oh, depth: filterCount)
        var out = [Float](repeating: 0, count: filterCount * oh * ow)
        // Shapes: input [C][H][W], filters [K][C][F][F] -> out [K][OH][OW]. The same arithmetic as
        // `step(_:)`, kept as a plain loop so building a 32x32x3 walkthrough stays instant.
        let c = volume.depth, h = volume.height, w = volume.width
        for k in 0..<filterCount {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var sum = 0.0
                    for ch in 0..<c {
                        for ky in 0..<filterHeight {
                            let iy = oy * stride - pad + ky
                            guard iy >= 0, iy < h else { continue }
                            for kx in 0..<filterWidth {
                                let ix = ox * stride - pad + kx
                                guard ix >= 0, ix < w else { continue }
                                sum += Double(input[(ch * h + iy) * w + ix])
                                    * Double(filters[((k * c + ch) * filterHeight + ky) * filterWidth + kx])
                            }
                        }
                    }
                    out[(k * oh + oy) * ow + ox] = Float(sum + Double(bias[k]))
                }
            }
        }
        self.output = out
    }

    // MARK: Positions

    /// One output cell: which filter (output depth slice) and where in the activation map.
    public struct Position: Hashable, Sendable {
        public var filter: Int
        public var row: Int
        public var column: Int
        public init(filter: Int, row: Int, column: Int) {
            self.filter = filter
            self.row = row
            self.column = column
        }
    }

    /// K * OH * OW: how many times the filter is placed.
    public var stepCount: Int { outputVolume.count }

    /// The i-th cell in the lecture's order (filter, then row, then column).
    public func position(ofStep i: Int) -> Position {
        let perMap = outputVolume.width * outputVolume.height
        let k = i / perMap, r = (i % perMap) / outputVolume.width, c = i % outputVolume.width
        return Position(filter: k, row: r, column: c)
    }

    public func stepIndex(of p: Position) -> Int {
        (p.filter * outputVolume.height + p.row) * outputVolume.width + p.column
    }

    public func outputValue(at p: Position) -> Float {
        output[stepIndex(of: p)]
    }

    // MARK: The padded input and the filters, as the screen draws them

    /// Size of the input with its border of zeros: (W + 2P) x (H + 2P).
    public var paddedWidth: Int { inputVolume.width + 2 * pad }
    public var paddedHeight: Int { inputVolume.height + 2 * pad }

    /// Whether padded coordinate (y, x) is in the zero border rather than the image.
    public func isPadding(row y: Int, column x: Int) -> Bool {
        let iy = y - pad, ix = x - pad
        return iy < 0 || iy >= inputVolume.height || ix < 0 || ix >= inputVolume.width
    }

    /// The input value at padded coordinates: 0 in the border.
    public func paddedValue(channel: Int, row y: Int, column x: Int) -> Float {
        if isPadding(row: y, column: x) { return 0 }
        return input[(channel * inputVolume.height + (y - pad)) * inputVolume.width + (x - pad)]
    }

    public func weight(filter k: Int, channel: Int, row ky: Int, column kx: Int) -> Float {
        filters[((k * inputVolume.depth + channel) * filterHeight + ky) * filterWidth + kx]
    }

    /// Top-left corner, in padded coordinates, of the window output cell `p` sees: (row * S, column * S).
    public func windowOrigin(_ p: Position) -> (row: Int, column: Int) {
        (p.row * stride, p.column * stride)
    }

    // MARK: One step written out

    /// One term of the dot product: input value times weight (padding terms are 0 x w).
    public struct Product: Hashable, Sendable {
        public var channel: Int
        public var filterRow: Int
        public var filterColumn: Int
        public var input: Float
        public var weight: Float
        public var product: Float
        public var isPadding: Bool
    }

    /// Everything the lecture writes next to one placement of the filter.
    public struct Step: Hashable, Sendable {
        public var position: Position
        /// Top-left of the window in padded input coordinates.
        public var windowRow: Int
        public var windowColumn: Int
        /// F * F * C products, channel by channel, row by row (padding included, as zeros).
        public var products: [Product]
        public var sum: Float
        public var bias: Float
        /// sum + bias: the cell of the activation map.
        public var value: Float
    }

    public func step(_ p: Position) -> Step {
        let (wy, wx) = windowOrigin(p)
        var products: [Product] = []
        products.reserveCapacity(inputVolume.depth * filterHeight * filterWidth)
        var sum = 0.0
        for ch in 0..<inputVolume.depth {
            for ky in 0..<filterHeight {
                for kx in 0..<filterWidth {
                    let x = paddedValue(channel: ch, row: wy + ky, column: wx + kx)
                    let w = weight(filter: p.filter, channel: ch, row: ky, column: kx)
                    let pad = isPadding(row: wy + ky, column: wx + kx)
                    // Padding adds exactly 0; skipping it keeps the sum bit-identical to `output`.
                    if !pad { sum += Double(x) * Double(w) }
                    products.append(Product(channel: ch, filterRow: ky, filterColumn: kx, input: x, weight: w,
                                            product: pad ? 0 : x * w, isPadding: pad))
                }
            }
        }
        return Step(position: p, windowRow: wy, windowColumn: wx, products: products, sum: Float(sum),
                    bias: bias[p.filter], value: Float(sum + Double(bias[p.filter])))
    }

    public func step(index i: Int) -> Step { step(position(ofStep: i)) }
}
