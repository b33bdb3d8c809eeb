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
    ///
    /// The process is driven from dedicated threads: blocking pipe reads on the cooperative
    /// pool (two threads on this machine) would starve the server under test.
    static func run(_ script: String, arguments: [String] = [], input: Data) async throws -> Data {
        let executable = try python()
        let scriptPath = repositoryRoot.appendingPathComponent("Tests/tools/\(script)").path
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(executable: executable, arguments: [scriptPath] + arguments, input: input, script: script))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    private static func runBlocking(executable: URL, arguments: [String], input: Data, script: String) throws -> Data {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONWARNINGS"] = "ignore::DeprecationWarning"
        process.environment = environment
        // stderr goes to a file so only one pipe (stdout) needs draining while the peer runs.
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? Data(contentsOf: errorsURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw PeerError("\(script) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
