import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardNormalizers

/// `switchboard normalize`: prints what Switchboard makes of one platform payload.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalize one platform payload and print the CloudEvent(s) as JSON.",
        discussion: """
            Reads the payload exactly as the platform sends it (a file, or standard input with `-`)
            and prints one normalized CloudEvent per line. Bad input exits 1 with a one-line reason
            on standard error.
            """
    )

    @Option(name: .long, help: "The platform that sent the payload: \(Platform.allCases.map(\.rawValue).joined(separator: "|")).")
    var platform: Platform

    @Option(name: .long, help: "The CloudEvents source of the events (default switchboard://<platform>).")
    var source: String?

    @Option(name: .long, help: "Country calling code used to derive E.164 from national numbers (e.g. 46).")
    var countryCode: String?

    @Flag(name: .long, help: "Pretty-print each event instead of one compact line per event.")
    var pretty = false

    @Argument(help: "The payload file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let bytes: Data
        do {
            bytes = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw Failure(message: "cannot read \(file): \((error as NSError).localizedDescription)")
        }
        let settings = NormalizerSettings(source: source, countryCode: countryCode)
        let events: [CallEvent]
        do {
            events = try Normalizers.normalizer(for: platform).normalize(bytes, context: settings.context())
        } catch {
            throw Failure(message: "\(platform.rawValue): \(error.code): \(error)")
        }
        for event in events {
            print(pretty ? Self.prettyJSON(event) : String(decoding: event.encoded(), as: UTF8.self))
        }
    }

    private static func prettyJSON(_ event: CallEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: event.encoded(), as: UTF8.self)
    }

    /// A one-line failure printed without argument-parser's usage text.
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

extension Platform: ExpressibleByArgument {}
