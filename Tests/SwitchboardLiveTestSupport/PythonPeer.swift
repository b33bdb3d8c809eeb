import Foundation
import Synchronization

/// A Python test peer (WebSocket server, SignalR hub) started as a child process.
///
/// The script prints `READY <port>` once it listens; `start` waits for that line (generous
/// timeout) and `stop` kills the process. Python is `$SWITCHBOARD_PYTHON` or `<repo>/.venv/bin/python3`.
public final class PythonPeer: @unchecked Sendable {
    /// The port the peer listens on.
    public let port: Int
    // `@unchecked`: Process is only touched in start (before sharing) and stop (guarded by `stopped`).
    private let process: Process
    private let stopped = Mutex(false)

    /// Why a peer could not start.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    deinit { stop() }

    /// The repository root (the folder holding Package.swift).
    public static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The Python interpreter with the test peers installed.
    public static func python() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"], !explicit.isEmpty { return explicit }
        let path = repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw StartError(description: "no Python test environment at \(path): run `bash scripts/bootstrap.sh --test` first (or set SWITCHBOARD_PYTHON)")
        }
        return path
    }

    /// Starts `Tests/tools/<script>` with `arguments` and waits until it reports its port.
    public static func start(script: String, arguments: [String] = [], timeoutSeconds: Double = 30) async throws -> PythonPeer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = ["-u", repositoryRoot.appendingPathComponent("Tests/tools/\(script)").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let ready = ReadySignal()
        let reader = Thread {
            // Reads every line so the child never blocks on a full pipe; the first READY line wins.
            var pending = Data()
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    if line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) { ready.resolve(port) }
                }
            }
            ready.resolve(nil)
        }
        reader.start()
        let timeout = Task {
            try await Task.sleep(for: .seconds(timeoutSeconds))
            ready.resolve(nil)
        }
        let port = await ready.value()
        timeout.cancel()
        guard let port else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw StartError(description: "\(script) did not report READY within \(timeoutSeconds) s (exit status \(process.terminationStatus))")
        }
        return PythonPeer(port: port, process: process)
    }

    /// Kills the peer and waits for it to exit (idempotent).
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A one-shot value that one waiter awaits.
private final class ReadySignal: Sendable {
    private let state = Mutex<(value: Int??, waiter: CheckedContinuation<Int?, Never>?)>((nil, nil))

    func resolve(_ port: Int?) {
        let waiter = state.withLock { state -> CheckedContinuation<Int?, Never>? in
            guard state.value == nil else { return nil }
            state.value = .some(port)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: port)
    }

    func value() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Int?? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
