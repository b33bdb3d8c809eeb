import ArgumentParser
import SwitchboardEvents

/// The `switchboard` command: one executable for the service and the integrator tooling.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Real-time event bridge and router for cloud telephony.",
        version: SwitchboardVersion.current,
        subcommands: [
            ServeCommand.self,
            ConfigCommand.self,
            SchemaCommand.self,
            VersionCommand.self,
            NormalizeCommand.self,
            KafkaCommand.self,
            TailCommand.self,
            ReplayCommand.self,
            RulesCommand.self,
            BackfillCommand.self,
        ]
    )
}
