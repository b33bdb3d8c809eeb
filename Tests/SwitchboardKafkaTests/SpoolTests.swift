import Foundation
import SwitchboardEvents
import SwitchboardKafka
import Testing

@Suite("Kafka spool file")
struct SpoolTests {
    @Test("entries append as JSON lines and read back")
    func appendAndRead() throws {
        let directory = try Fixtures.temporaryDirectory()
        let spool = KafkaSpool(path: directory.appendingPathComponent("nested/spool.jsonl").path)
        let entries = (0..<3).map {
            SpoolEntry(event: Fixtures.event(call: $0, sequence: 0), topic: "t", mode: .binary, error: "_MSG_TIMED_OUT: Local: Message timed out",
                attempts: 1, time: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        }
        try spool.append(Array(entries.prefix(2)))
        try spool.append(Array(entries.suffix(1)))
        #expect(try spool.read() == entries)
        let lines = try String(contentsOfFile: spool.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(Set(first?.keys.map { $0 } ?? []) == ["event", "topic", "mode", "error", "attempts", "time"])
    }

    @Test("a damaged line is an error naming the line, not a silent skip")
    func damagedLine() throws {
        let directory = try Fixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("spool.jsonl").path
        let spool = KafkaSpool(path: path)
        try spool.append([SpoolEntry(event: Fixtures.event(call: 1, sequence: 1), topic: "t", mode: .binary, error: "x", attempts: 1, time: .now())])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\": 42}\n".utf8))
        try handle.close()
        do {
            _ = try spool.read()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .spoolFailed)
            #expect(error.message.contains("line 2"))
        }
    }

    @Test("a missing spool reads as empty")
    func missingSpool() throws {
        let spool = KafkaSpool(path: try Fixtures.temporaryDirectory().appendingPathComponent("none.jsonl").path)
        #expect(try spool.read().isEmpty)
    }
}
