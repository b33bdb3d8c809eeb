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

    // A transform rather than an `ExpressibleByArgument` conformance on `Platform`: that would be
    // a retroactive conformance other commands could duplicate.
    @Option(
        name: .long,
        help: "The platform that sent the payload: \(Self.platformNames).",
        transform: { raw in
            guard let platform = Platform(rawValue: raw) else {
                throw ValidationError("unknown platform \"\(raw)\", expected one of \(NormalizeCommand.platformNames)")
            }
            return platform
        }
    )
    var platform: Platform

    @Option(name: .long, help: "The CloudEvents source of the events (default switchboard://<platform>).")
    var source: String?

    @Option(name: .long, help: "Country calling code used to derive E.164 from national numbers (e.g. 46).")
    var countryCode: String?

    @Flag(name: .long, help: "Pretty-print each event instead of one compact line per event.")
    var pretty = false

    @Argument(help: "The payload file, or - for standard input.")
    var file: String = "-"

    static let platformNames = Platform.allCases.map(\.rawValue).joined(separator: "|")

    func run() throws {
        let settings = NormalizerSettings(source: source, countryCode: countryCode)
        let bytes = try read(limit: settings.maximumBytes)
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

    /// The payload, read up to one byte past `limit` so that an endless or huge input is refused
    /// by the normalizer's size check instead of filling memory.
    private func read(limit: Int) throws -> Data {
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else if let opened = FileHandle(forReadingAtPath: file) {
            handle = opened
        } else {
            throw Failure(message: "cannot read \(file): no such file or no permission")
        }
        defer { if file != "-" { try? handle.close() } }
        do {
            return try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw Failure(message: "cannot read \(file): \((error as NSError).localizedDescription)")
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
