import ConvEngine
import Testing
@testable import Lessons

@Suite struct ExpressionTests {
    @Test func arithmeticFollowsPrecedence() throws {
        #expect(try evaluate("(227 - 11) / 4 + 1") == .number(55))
        #expect(try evaluate("2 + 3 * 4") == .number(14))
        #expect(try evaluate("-(2 - 5) * 2") == .number(6))
        #expect(try evaluate("(32 - 5) / 2 + 1") == .number(14.5))
        #expect(try evaluate("max(3, 7, 5) + round(2.6)") == .number(10))
    }

    @Test func referencesReachTheEngine() throws {
        #expect(try evaluate("alexnet.conv1.output") == .volume(Volume(width: 55, height: 55, depth: 96)))
        #expect(try evaluate("alexnet.conv1.weights") == .number(34_848))
        #expect(try evaluate("alexnet.pool1.params") == .number(0))
        #expect(try evaluate("vgg16.total.weights") == .number(138_344_128))
        #expect(try evaluate("vgg16.fc6.weights") == .number(102_760_448))
        #expect(try evaluate("lecture-conv.conv2.output.depth") == .number(10))
        #expect(try evaluate("convnetjs_cifar10.conv1.params") == .number(1_216))
        #expect(try evaluate("resnet18.layer1.0.conv1.output.width") == .number(56))
        #expect(try evaluate("vgg16.fcs.weights") == .number(102_760_448 + 16_777_216 + 4_096_000))
    }

    @Test func declaredNetsShadowNothingAndResolve() throws {
        let lesson = "# T\n```net small\ninput 32x32x3\nconv 6 5x5\n```\n"
        #expect(try evaluate("small.conv1.fcAlternative", lesson: lesson) == .number(14_450_688))
        #expect(try evaluate("small.conv1.multiplyAdds", lesson: lesson) == .number(352_800))
        #expect(try evaluate("small.conv1.params", lesson: lesson) == .number(456))
    }

    @Test func volumesDoNotMixWithArithmetic() {
        #expect(throws: LessonError.self) { try evaluate("alexnet.conv1.output * 2") }
    }

    @Test func formats() {
        #expect(ValueFormat.grouped.format(.number(14_450_688)) == "14,450,688")
        #expect(ValueFormat.approx(significant: 3).format(.number(14_450_688)) == "~14.5M")
        #expect(ValueFormat.approx(significant: 2).format(.number(34_848)) == "~35K")
        #expect(ValueFormat.approx(significant: 2).format(.number(352_800)) == "~350K")
        #expect(ValueFormat.approx(significant: 3).format(.number(450)) == "450")
        #expect(ValueFormat.approx(significant: 3).format(.number(138_357_544)) == "~138M")
        #expect(ValueFormat.plain.format(.number(1234)) == "1234")
        #expect(ValueFormat.fixed(1).format(.number(2.25)) == "2.3")
        #expect(ValueFormat.grouped.format(.number(14.5)) == "14.5")
        #expect(ValueFormat.parse("approx 2") == .approx(significant: 2))
        #expect(ValueFormat.parse("bogus") == nil)
    }
}
