import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes one poller's `CDRCheckpoint` file.
///
/// A save is atomic and durable: the JSON goes to a temporary file beside the checkpoint, is
/// flushed with `fsync`, renamed over the checkpoint, and the directory is flushed too — so after
/// a crash or power loss the file holds either the previous checkpoint or the new one, never a
/// torn mix. A file that cannot be read is an error, not a fresh start: starting over would
/// re-emit every CDR the account has.
public struct CDRCheckpointStore: Sendable {
    /// The checkpoint file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `<directory>/<account>.<collection>.json`.
    public init(directory: String, account: String, collection: CDRCollection) {
        self.init(path: URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent("\(account).\(collection.rawValue).json").path)
    }

    /// The saved checkpoint, or `nil` when there is none yet.
    public func load() throws(TelecomCenterError) -> CDRCheckpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let checkpoint: CDRCheckpoint
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            checkpoint = try JSONDecoder().decode(CDRCheckpoint.self, from: data)
        } catch {
            throw TelecomCenterError(.checkpointFailed, "the checkpoint \(path) cannot be read (\(error)); fix or remove it deliberately, "
                                     + "removing it re-reads the account's whole CDR history or from startFrom")
        }
        guard checkpoint.version <= CDRCheckpoint.currentVersion else {
            throw TelecomCenterError(.checkpointFailed, "the checkpoint \(path) has version \(checkpoint.version), newer than this Switchboard")
        }
        return checkpoint
    }

    /// Replaces the checkpoint atomically and durably.
    public func save(_ checkpoint: CDRCheckpoint) throws(TelecomCenterError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp"
        do {
            let bytes = try encoder.encode(checkpoint)
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
            try Self.writeSynced(bytes, to: temporary)
            guard rename(temporary, path) == 0 else { throw POSIXFailure(operation: "rename", errno: errno) }
            try Self.syncDirectory(directory.isEmpty ? "." : directory)
        } catch {
            unlink(temporary)
            throw TelecomCenterError(.checkpointFailed, "the checkpoint \(path) could not be written: \(error)")
        }
    }

    private struct POSIXFailure: Error, CustomStringConvertible {
        var operation: String
        var errno: Int32
        var description: String { "\(operation): \(String(cString: strerror(errno)))" }
    }

    private static func writeSynced(_ bytes: Data, to file: String) throws {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", errno: errno) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(operation: "write", errno: errno)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", errno: errno) }
    }

    /// Makes the rename itself durable.
    private static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open directory", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync directory", errno: errno) }
    }
}
