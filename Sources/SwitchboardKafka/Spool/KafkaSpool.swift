import Foundation
import Synchronization

/// The local dead-letter file: JSON lines of `SpoolEntry`, appended with `fsync` so an entry
/// that was reported as spooled survives a crash.
///
/// Replay renames the file to `<path>.replaying` first, so new failures during a replay go to a
/// fresh spool and a crash mid-replay leaves the renamed file to be picked up next time.
public final class KafkaSpool: Sendable {
    public let path: String
    public var replayingPath: String { path + ".replaying" }
    private let writeLock = Mutex<Void>(())

    public init(path: String) {
        self.path = path
    }

    /// Appends `entries` and syncs them to disk before returning.
    public func append(_ entries: [SpoolEntry]) throws(KafkaError) {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Data()
        for entry in entries {
            do {
                bytes.append(try encoder.encode(entry))
            } catch {
                throw KafkaError(.spoolFailed, "could not encode a spool entry: \(error)")
            }
            bytes.append(0x0A)
        }
        try writeLock.withLock { _ throws(KafkaError) in
            try Self.createParentDirectory(of: path)
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Self.posixError("open", path) }
            defer { close(fd) }
            let failed = bytes.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return true
                    }
                    offset += written
                }
                return false
            }
            if failed { throw Self.posixError("write", path) }
            guard fsync(fd) == 0 else { throw Self.posixError("fsync", path) }
        }
    }

    /// Reads every entry of the file at `file` (default: the spool). A line that is not a valid
    /// entry is an error naming its line number: replay must not drop what it cannot read.
    public func read(_ file: String? = nil) throws(KafkaError) -> [SpoolEntry] {
        let target = file ?? path
        guard FileManager.default.fileExists(atPath: target) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: target))
        } catch {
            throw KafkaError(.spoolFailed, "could not read spool \(target): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var entries: [SpoolEntry] = []
        for (index, line) in data.split(separator: 0x0A).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            do {
                entries.append(try decoder.decode(SpoolEntry.self, from: Data(line)))
            } catch {
                throw KafkaError(.spoolFailed, "spool \(target) line \(index + 1) is not a valid entry: \(error)")
            }
        }
        return entries
    }

    /// The number of entries waiting in the spool file.
    public func count() throws(KafkaError) -> Int { try read().count }

    /// Moves the spool aside for replay and returns the file to replay, or nil when there is
    /// nothing to replay. A `.replaying` file left by an interrupted replay is taken first; the
    /// spool itself is then replayed on the next call.
    func beginReplay() throws(KafkaError) -> String? {
        try writeLock.withLock { _ throws(KafkaError) -> String? in
            let files = FileManager.default
            if files.fileExists(atPath: replayingPath) { return replayingPath }
            guard files.fileExists(atPath: path) else { return nil }
            guard rename(path, replayingPath) == 0 else { throw Self.posixError("rename", path) }
            return replayingPath
        }
    }

    /// Removes a replayed file once every entry in it was delivered or spooled again.
    func finishReplay(_ file: String) throws(KafkaError) {
        guard unlink(file) == 0 || errno == ENOENT else { throw Self.posixError("unlink", file) }
    }

    private static func createParentDirectory(of path: String) throws(KafkaError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KafkaError(.spoolFailed, "could not create spool directory \(directory): \(error.localizedDescription)")
        }
    }

    private static func posixError(_ operation: String, _ path: String) -> KafkaError {
        KafkaError(.spoolFailed, "\(operation) \(path) failed: \(String(cString: strerror(errno)))")
    }
}
