import ArgumentParser
import Foundation

/// A helper the benchmarks start (a Python hub, `switchboard kafka dev`) that announces itself on
/// its first stdout line, and is killed when the benchmark is done with it.
///
/// Helpers are started with `--exit-with-stdin` and a pipe on their standard input that only this
/// process holds open: when the benchmark dies without running its cleanup (`kill -9`), the pipe
/// closes and the helper exits instead of lingering with its port.
final class HelperProcess {
    let process: Process
    /// Kept open for the helper's lifetime; see the type's comment.
    private let lifeline = Pipe()
    /// The first line the helper printed (e.g. `READY 4242` or a bootstrap address).
    let firstLine: String

    /// Starts `executable` and waits for its first line of output.
    init(executable: String, arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--exit-with-stdin"]
        process.standardInput = lifeline
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Byte by byte up to the newline: `availableData` may return a partial line.
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        self.process = process
        self.firstLine = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard !firstLine.isEmpty else {
            stop()
            throw ValidationError("\(executable) \(arguments.joined(separator: " ")) did not start")
        }
    }

    /// The port of a helper that printed `READY <port>`.
    func readyPort() throws -> Int {
        guard firstLine.hasPrefix("READY "), let port = Int(firstLine.dropFirst(6)) else {
            throw ValidationError("the helper did not start: \(firstLine)")
        }
        return port
    }

    var processIdentifier: Int32 { process.processIdentifier }

    /// SIGKILL: asyncio peers do not always act on SIGTERM while busy.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The venv Python (`SWITCHBOARD_PYTHON` overrides), checked to exist.
    static func python(repository: String) throws -> String {
        let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"] ?? "\(repository)/.venv/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ValidationError("no Python at \(python): run `bash scripts/bootstrap.sh --test` first")
        }
        return python
    }
}
