import ArgumentParser

@main
struct ConvTerm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convterm",
        abstract: "Learn convolutional networks in a terminal: lessons, live training, shape inspection.",
        discussion: """
        Networks are zoo names (`convterm summary --list`) or .net files, one layer a line:
          input 32x32x3
          conv 16 5x5 pad 2
          relu
          maxpool 2x2 stride 2
          fc 10
        """,
        subcommands: [TrainCommand.self, EvalCommand.self, ExportCommand.self, ImportCommand.self, FetchCommand.self, BenchCommand.self, SummaryCommand.self, InspectCommand.self, ExploreCommand.self, DashboardCommand.self, SnapshotCommand.self, DemoCommand.self, LessonsCommand.self, LessonCommand.self, HomeCommand.self],
        defaultSubcommand: HomeCommand.self
    )
}
