import Foundation
import SwitchboardEvents
import SwitchboardNormalizers
import Testing

/// Paths and helpers shared by the normalizer suites.
enum TestSupport {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let fixturesDirectory = testsDirectory.appendingPathComponent("Fixtures")

    /// A fixed receive time, so derived times and ids are deterministic.
    static let receivedAt = Timestamp(millisecondsSince1970: 1_700_000_000_000)
    static let context = NormalizationContext(receivedAt: receivedAt)

    /// The bytes of `Fixtures/<platform>/<name>`.
    static func fixture(_ platform: Platform, _ name: String) throws -> [UInt8] {
        let url = fixturesDirectory.appendingPathComponent(platform.rawValue).appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    /// Every fixture file of `platform`, sorted by name.
    static func fixtureNames(_ platform: Platform) throws -> [String] {
        let directory = fixturesDirectory.appendingPathComponent(platform.rawValue)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Normalizes `text` as `platform` with the test context.
    static func normalize(_ platform: Platform, _ text: String, context: NormalizationContext = context) throws(NormalizationError) -> [CallEvent] {
        try Normalizers.normalizer(for: platform).normalize(Array(text.utf8), context: context)
    }

    /// Normalizes `text` and requires exactly one event.
    static func single(_ platform: Platform, _ text: String, context: NormalizationContext = context) throws -> CallEvent {
        let events = try normalize(platform, text, context: context)
        try #require(events.count == 1, "expected one event, got \(events.count)")
        return events[0]
    }

    /// The error thrown by normalizing `bytes`, or nil when it succeeded.
    static func error(_ platform: Platform, _ bytes: [UInt8], context: NormalizationContext = context) -> NormalizationError? {
        do {
            _ = try Normalizers.normalizer(for: platform).normalize(bytes, context: context)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ platform: Platform, _ text: String, context: NormalizationContext = context) -> NormalizationError? {
        error(platform, Array(text.utf8), context: context)
    }

    /// A JSON string literal of `value` (quotes and escapes), for building payloads.
    static func quoted(_ value: String) -> String { JSONValue.string(value).jsonString() }
}
