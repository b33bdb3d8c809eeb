import Foundation
import SwitchboardEvents
import SwitchboardLiveTestSupport
import Testing

/// `switchboard normalize` as a user runs it: the built executable, real files and stdin.
@Suite("Normalizers: switchboard normalize command")
struct NormalizeCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `switchboard` executable beside the test bundle (same build directory).
    static func executable() throws -> URL {
        try BuiltExecutable.url("switchboard")
    }

    static func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Run {
        let result = try ChildProcess.run(try executable(), arguments, stdin: Data(stdin))
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    static func fixturePath(_ platform: Platform, _ name: String) -> String {
        TestSupport.fixturesDirectory.appendingPathComponent(platform.rawValue).appendingPathComponent(name).path
    }

    @Test("a document example file prints one CloudEvent per line", arguments: [
        (Platform.thello, "queue-enter.json", 1),
        (.telnect, "doc-get-call-information.json", 1),
        (.clicktodial, "batch.json", 3),
        (.antbuddy, "history-page.json", 2),
        (.telecomcenter, "termination-cdrs-page.json", 2),
    ])
    func file(platform: Platform, name: String, count: Int) throws {
        let run = try Self.run(["normalize", "--platform", platform.rawValue, Self.fixturePath(platform, name)])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == count)
        for line in lines {
            let event = try CallEvent.decode(Array(line.utf8))
            #expect(event.platform == platform)
        }
    }

    @Test("standard input with `-` and a configured source")
    func standardInput() throws {
        let bytes = try TestSupport.fixture(.thello, "frame-two-records.bin")
        let run = try Self.run(["normalize", "--platform", "thello", "--source", "switchboard://thello/tenant-a", "-"], stdin: bytes)
        #expect(run.status == 0)
        let events = try run.stdout.split(separator: "\n").map { try CallEvent.decode(Array($0.utf8)) }
        #expect(events.map(\.type) == [.queueEntered, .queueFirst])
        #expect(events.allSatisfy { $0.source == "switchboard://thello/tenant-a" })
    }

    @Test("bad input exits 1 with one line naming the platform, the code and the field")
    func badInput() throws {
        let missing = try Self.run(["normalize", "--platform", "thello", "-"], stdin: Array(#"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER"]}"#.utf8))
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.trimmingCharacters(in: .newlines) == "Error: thello: missing-field: arguments[2]: is required")

        let empty = try Self.run(["normalize", "--platform", "telnect", "-"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("invalid-json.empty"))
        #expect(empty.stderr.split(separator: "\n").count == 1)

        let absent = try Self.run(["normalize", "--platform", "antbuddy", "/nonexistent/payload.json"])
        #expect(absent.status == 1)
        #expect(absent.stderr.split(separator: "\n").count == 1)
    }
}
