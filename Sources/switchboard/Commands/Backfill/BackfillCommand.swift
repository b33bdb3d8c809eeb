import ArgumentParser

/// `switchboard backfill <platform>`: reads a platform's history for a date range and produces it
/// as normalized events, through the rules, as `serve` would have.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Produce a platform's call history for a date range through the rules to Kafka.",
        subcommands: [BackfillAntBuddyCommand.self]
    )
}
