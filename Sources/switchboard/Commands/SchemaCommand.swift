import ArgumentParser
import SwitchboardEvents

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "The common event schema.",
        subcommands: [Mapping.self, Types.self]
    )

    struct Mapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the platform → common vocabulary mapping as the Markdown table in docs/event-schema.md."
        )

        func run() {
            print(StateMapping.markdownTable())
        }
    }

    struct Types: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the CloudEvent types of normalized events.")

        func run() {
            for type in CallEventType.allCases { print(type.rawValue) }
        }
    }
}
