import Foundation
import Testing

/// Runs the Python test peers in `Tests/tools/` with the project's virtual environment.
enum PythonPeer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The venv's Python: `SWITCHBOARD_PYTHON`, else `<repo>/.venv/bin/python3`.
    static func python() throws -> URL {
        if let configured = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            throw PeerError("the Python test peers are not installed: run `bash scripts/bootstrap.sh --test`")
        }
        return venv
    }

    /// Runs `Tests/tools/<script>` with `arguments`, feeding `input` on stdin; returns stdout.
    /// Throws with stderr when the script exits non-zero.
    static func run(_ script: String, arguments: [String] = [], input: Data) async throws -> Data {
        let process = Process()
        process.executableURL = try python()
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/tools/\(script)").path] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes concurrently so a chatty peer cannot block on a full pipe.
        async let output = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }.value
        async let errors = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }.value
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let (out, err) = await (output, errors)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerError("\(script) exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return out
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
