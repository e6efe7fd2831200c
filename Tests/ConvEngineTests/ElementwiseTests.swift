import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/Elementwise.swift and the layers using it (ReLU, Residual):
/// the SIMD passes against plain loops, on counts around the vector width and the threading
/// threshold, with 1, 2 and 3 threads.
@Suite struct ElementwiseTests {
    static let counts = [0, 1, 15, 16, 17, 33, Elementwise.parallelCount - 1, Elementwise.parallelCount + 5]

    @Test(arguments: counts, [1, 2, 3])
    func reluAndItsGradientMatchTheScalarRule(count: Int, threads: Int) {
        var rand = Rand(state: UInt64(count + threads))
        var x = rand.floats(count)
        if count > 3 { x[1] = .nan; x[2] = 0; x[3] = -0.0 }
        let dy = rand.floats(count)
        var y = [Float](repeating: 7, count: count), dx = [Float](repeating: 7, count: count)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                if count > 0 { Elementwise.relu(xp.baseAddress!, yp.baseAddress!, count: count, threads: threads) }
            }
        }
        y.withUnsafeBufferPointer { yp in
            dy.withUnsafeBufferPointer { dyp in
                dx.withUnsafeMutableBufferPointer { dxp in
                    if count > 0 { Elementwise.reluBackward(yp.baseAddress!, dyp.baseAddress!, dxp.baseAddress!, count: count, threads: threads) }
                }
            }
        }
        #expect(y == x.map { $0 > 0 ? $0 : 0 })
        #expect(dx == (0..<count).map { x[$0] > 0 ? dy[$0] : 0 })
    }

    @Test(arguments: counts, [1, 3])
    func addMatchesTheScalarSumInPlaceToo(count: Int, threads: Int) {
        var rand = Rand(state: UInt64(count))
        let a = rand.floats(count), b = rand.floats(count)
        var sum = [Float](repeating: 0, count: count), inPlace = a
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                sum.withUnsafeMutableBufferPointer { sp in
                    if count > 0 { Elementwise.add(ap.baseAddress!, bp.baseAddress!, sp.baseAddress!, count: count, threads: threads) }
                }
                inPlace.withUnsafeMutableBufferPointer { ip in
                    if count > 0 { Elementwise.add(ip.baseAddress!, bp.baseAddress!, ip.baseAddress!, count: count, threads: threads) }
                }
            }
        }
        let expected = zip(a, b).map { $0 + $1 }
        #expect(sum == expected)
        #expect(inPlace == expected)
    }

    @Test func residualAddsTheShortcutAndSendsTheGradientBothWays() throws {
        let spec = try SpecParser.parse("input 4x4x2\nresidual {\n  relu\n}\nfc 2\n")
        let network = try Network(spec: spec, seed: 1)
        let block = try #require(network.layers.first as? Residual)
        var rand = Rand(state: 4)
        let x = Tensor(batch: 2, volume: spec.input, data: rand.floats(64))
        let y = block.forward(x, PassContext(training: true, threads: 2))
        #expect(y.data == x.data.map { ($0 > 0 ? $0 : 0) + $0 })
        let dy = Tensor(batch: 2, volume: spec.input, data: rand.floats(64))
        let dx = block.backward(dy, PassContext(training: true, threads: 2))
        #expect(dx.data == (0..<64).map { (x.data[$0] > 0 ? dy.data[$0] : 0) + dy.data[$0] })
    }
}
