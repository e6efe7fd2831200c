import ConvEngine

/// Lesson 8's race, the ResNet paper's Figure 1 in about a minute: a shallow plain net, a deep
/// plain net and a deep residual net of the same widths (16, 32, 64 channels, batch norm) train on
/// the same batches of the built-in set. The deep plain net ends with the highest *training* loss
/// (degradation: depth alone made it harder to optimise, not overfit), and the shortcuts of the
/// residual net of the same depth remove the problem.
///
/// Measured (issue 13's note): with plain-20 instead of plain-32 the gap to plain-8 is within the
/// seed-to-seed spread, so the deep nets have 32 layers; with widths of 8 the residual net learns
/// too slowly to win clearly. Adadelta and He initialisation, like the other demos.
enum RaceRecipe {
    /// The three runners, in the order a race's networks are given, and their keys in the JSON.
    static let roles = ["shallow_plain", "deep_plain", "deep_residual"]
    static let labels = ["shallow plain", "deep plain", "deep residual"]
    /// Zoo nets used when a race is given none (lesson 8 names the same ones).
    static let defaultNets = ["plain8-cifar", "plain32-cifar", "resnet32-cifar"]
    static let steps = 200
    static let batch = 32

    /// The request's nets, else the zoo's three.
    static func nets(_ request: LessonDemoRequest) -> [LessonDemoRequest.Net] {
        if !request.networks.isEmpty { return request.networks }
        return defaultNets.map { LessonDemoRequest.Net(name: $0, spec: Zoo.spec(named: $0)!) }
    }

    /// The JSON key of the net at `index`: its role in a three-net race, else its name.
    static func key(_ index: Int, of nets: [LessonDemoRequest.Net]) -> String {
        nets.count == roles.count ? roles[index] : nets[index].name
    }

    /// What `--net` must say for a race: three nets, in role order.
    static let netsExpected = "the race takes three nets, in this order: a shallow plain net, a deep plain net and a deep residual net (e.g. --net plain8-cifar --net plain32-cifar --net resnet32-cifar)"
}
