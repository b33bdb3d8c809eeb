import ArgumentParser
import Foundation
import SwitchboardRuntime

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with configuration files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file: print every problem with its path and position, exit 1 on any."
        )

        @Argument(help: "The YAML configuration file.")
        var file: String = "config/switchboard.yaml"

        func run() throws {
            do {
                _ = try ConfigurationLoader().load(file: file)
                print("\(file): ok")
            } catch {
                print(error.description)
                throw ExitCode(1)
            }
        }
    }
}
