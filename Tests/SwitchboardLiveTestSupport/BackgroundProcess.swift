import Foundation
import Synchronization

/// A long-running child process such as `switchboard serve` under test.
///
/// Its standard error goes to a temporary file that `waitForLine` polls, so no pipe can fill up
/// and block it; waiting for the exit happens on a dedicated thread, never on the cooperative
/// pool. Call `stop()` before the test ends (it is idempotent).
public final class BackgroundProcess: Sendable {
    private let process: Mutex<Process>
    private let directory: URL
    private let errors: URL

    /// Starts `executable` with `arguments`, in `environment` (the test's own when nil).
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-background-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        errors = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        do {
            try process.run()
        } catch {
            throw ChildProcess.Failure(description: "cannot start \(executable.path): \(error)")
        }
        self.process = Mutex(process)
    }

    /// Everything the process wrote to standard error so far.
    public var stderrText: String {
        (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    }

    public var isRunning: Bool { process.withLock { $0.isRunning } }

    /// Polls standard error until a line satisfies `predicate` and returns it; throws when the
    /// process exits first or `timeout` passes.
    public func waitForLine(timeout: Duration = .seconds(60), where predicate: (Substring) -> Bool) async throws -> Substring {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let line = stderrText.split(separator: "\n").first(where: predicate) { return line }
            guard isRunning else {
                throw ChildProcess.Failure(description: "the process exited before the expected line; stderr:\n\(stderrText.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcess.Failure(description: "no expected line within \(timeout); stderr:\n\(stderrText.suffix(2_000))")
    }

    /// Sends SIGTERM (a graceful stop), waits for the exit and returns the exit status; after
    /// `timeout` the process is killed and the status is that of the kill.
    public func stop(timeout: Duration = .seconds(30)) async -> Int32 {
        let pid = process.withLock { $0.isRunning ? $0.processIdentifier : 0 }
        if pid > 0 { kill(pid, SIGTERM) }
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread { [self] in
                let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
                while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
                if isRunning, pid > 0 { kill(pid, SIGKILL) }
                let status = process.withLock { process -> Int32 in
                    process.waitUntilExit()
                    return process.terminationStatus
                }
                continuation.resume(returning: status)
            }.start()
        }
        try? FileManager.default.removeItem(at: directory)
        return status
    }
}
