import ArgumentParser

/// `switchboard kafka ...`: Kafka tooling.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Kafka tooling: a standalone embedded cluster for development.",
        subcommands: [KafkaDevCommand.self]
    )
}
