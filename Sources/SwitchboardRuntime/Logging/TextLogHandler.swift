import Foundation
import Logging

/// A swift-log handler that writes one line of text per message to stderr, in the format of
/// swift-log's `StreamLogHandler`:
/// `2026-11-24T01:02:03+0000 warning switchboard.kafka: key=value [SwitchboardKafka] message`.
///
/// Unlike `StreamLogHandler` it renders the logger's metadata only when a message is written.
/// `StreamLogHandler` renders it again on every change, and Hummingbird adds a request id to the
/// logger of every request, so that rendering ran once per webhook request even when nothing
/// was logged.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to `write`, stderr when not given (tests pass their own).
    public init(label: String, write: @escaping @Sendable (String) -> Void = TextLogHandler.writeToStandardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = event.effectiveMetadata(base: metadata)
        var line = "\(Self.timestamp()) \(event.level)"
        if !label.isEmpty { line += " \(label)" }
        line += ":"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(event.source)] \(event.message)\n"
        write(line)
    }

    /// Writes `line` to stderr in one `write(2)`, so lines of concurrent loggers never interleave.
    public static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Local time, as `StreamLogHandler` writes it.
    private static func timestamp() -> String {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return "<unknown>" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = strftime(buffer.baseAddress!, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
    }
}
