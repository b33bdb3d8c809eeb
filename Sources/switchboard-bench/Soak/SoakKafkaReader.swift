import ArgumentParser
import Foundation

/// Reads the `calls` topic back while the soak runs, with `kcat` in a child process: the mock
/// cluster keeps a bounded log per partition (older records are trimmed), so reading only at the
/// end would miss most of a long run — and a consumer inside this process would add its fetch
/// buffers to the resident memory the soak measures. kcat writes one line of headers per record.
final class SoakKafkaReader {
    let output: URL
    private let process = Process()

    init(bootstrap: String, topic: String, output: URL) throws {
        self.output = output
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw ValidationError("cannot create \(output.path)")
        }
        let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let kcat else { throw ValidationError("kcat is not installed (bash scripts/bootstrap.sh installs it)") }
        process.executableURL = URL(fileURLWithPath: kcat)
        process.arguments = ["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-u", "-q", "-f", "%h\\n"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// Records read so far (lines written).
    func recordCount() -> Int {
        guard let data = try? Data(contentsOf: output) else { return 0 }
        return data.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// SIGKILL: kcat blocked in a fetch does not always act on SIGTERM.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// What was read: the webhook request numbers (`ce_id` `soak-<n>`), and how many records
    /// came from `hubSource`.
    func summary(hubSource: String) -> (webhookNumbers: Set<Int>, hubEvents: Int, records: Int) {
        guard let text = try? String(contentsOf: output, encoding: .utf8) else { return ([], 0, 0) }
        var numbers = Set<Int>()
        var hubEvents = 0
        var records = 0
        for line in text.split(separator: "\n") {
            records += 1
            var id: Substring?
            var source: Substring?
            for field in line.split(separator: ",") {
                if field.hasPrefix("ce_id=") { id = field.dropFirst(6) }
                if field.hasPrefix("ce_source=") { source = field.dropFirst(10) }
            }
            if source == Substring(hubSource) {
                hubEvents += 1
            } else if let id, id.hasPrefix("soak-"), let number = Int(id.dropFirst(5)) {
                numbers.insert(number)
            }
        }
        return (numbers, hubEvents, records)
    }
}
