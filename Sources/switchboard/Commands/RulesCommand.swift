import ArgumentParser

/// `switchboard rules`: the integrator's tools for rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and try out routing rules (see docs/rules.md).",
        subcommands: [RulesCheckCommand.self, RulesTestCommand.self, RulesEvalCommand.self]
    )
}

/// The rules directory argument shared by the `rules` subcommands.
struct RulesDirectoryArgument: ParsableArguments {
    @Argument(help: "The rules directory (rule files, tables/ and tests/).")
    var directory: String = "rules"
}
