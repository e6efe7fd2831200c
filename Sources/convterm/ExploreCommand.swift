import ArgumentParser

struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore", abstract: "Explore convolution and pooling step by step.")
}
