import Logging
import Synchronization
@testable import SwitchboardRuntime
import Testing

@Suite("Text log lines")
struct TextLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "the broker went away" }
    }

    func logger(writingTo lines: Lines, level: Logger.Level = .info) -> Logger {
        var handler = TextLogHandler(label: "switchboard.test") { lines.append($0) }
        handler.logLevel = level
        return Logger(label: "switchboard.test") { _ in handler }
    }

    @Test("a line has swift-log's stream format: time, level, label, sorted metadata, source, message")
    func format() throws {
        let lines = Lines()
        var logger = logger(writingTo: lines)
        logger[metadataKey: "route"] = "clicktodial"
        logger[metadataKey: "hb.request.id"] = "42"
        logger.warning("webhook request rejected", metadata: ["problem": "unauthorized", "route": "telnect"], source: "SwitchboardRuntime")
        let line = try #require(lines.all.first)
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} warning switchboard\.test: hb\.request\.id=42 problem=unauthorized route=telnect \[SwitchboardRuntime\] webhook request rejected\n$/#
        // The message's own metadata wins over the logger's for the same key (route).
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test("no metadata: nothing between the label's colon and the source")
    func withoutMetadata() throws {
        let lines = Lines()
        logger(writingTo: lines).info("started", source: "Switchboard")
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix(" info switchboard.test: [Switchboard] started\n"), "\(line)")
    }

    @Test("an error passed to the logger is written as error.message and error.type")
    func error() throws {
        let lines = Lines()
        logger(writingTo: lines).error("produce failed", error: Failure(), source: "SwitchboardKafka")
        let line = try #require(lines.all.first)
        #expect(line.contains(" error.message=the broker went away error.type="), "\(line)")
        #expect(line.contains("Failure [SwitchboardKafka] produce failed\n"), "\(line)")
    }

    @Test("messages below the level are not written")
    func level() {
        let lines = Lines()
        let logger = logger(writingTo: lines, level: .warning)
        logger.info("quiet")
        logger.debug("quieter")
        logger.warning("loud")
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains("loud") == true)
    }
}
