import Foundation

/// What a finished child process left behind.
public struct ChildProcessResult: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs tools the tests need (Python peers, `kcat`, the `switchboard` executable, `systemd-analyze`).
///
/// Standard input and output go through temporary files, so neither side can block on a full
/// pipe; `runDetached` waits on its own thread, so an async test never parks a thread of the
/// cooperative pool (two on this machine) that the server under test needs.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` to completion and returns its status and output.
    public static func run(_ executable: URL, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil) throws -> ChildProcessResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("stdin")
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        try stdin.write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: input)
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(executable.path): \(error)")
        }
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        return ChildProcessResult(status: process.terminationStatus, stdout: try Data(contentsOf: output), stderr: try Data(contentsOf: errors))
    }

    /// `run` on a dedicated thread, for async callers.
    public static func runDetached(_ executable: URL, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil) async throws -> ChildProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(executable, arguments, stdin: stdin, environment: environment) })
            }.start()
        }
    }

    /// Runs `Tests/tools/<script>` with the test venv's Python; returns stdout, throws with
    /// stderr when the script fails.
    public static func runPythonTool(_ script: String, arguments: [String] = [], stdin: Data = Data()) async throws -> Data {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONWARNINGS"] = "ignore::DeprecationWarning"
        let result = try await runDetached(
            URL(fileURLWithPath: try PythonPeer.python()),
            [PythonPeer.repositoryRoot.appendingPathComponent("Tests/tools/\(script)").path] + arguments,
            stdin: stdin,
            environment: environment
        )
        guard result.status == 0 else {
            throw Failure(description: "\(script) exited \(result.status): \(result.stderrText)")
        }
        return result.stdout
    }
}
