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
            VersionCommand.self,
            RulesCommand.self,
        ]
    )
}
