/// Splits the incoming byte stream into 0x1E-terminated records.
///
/// A WebSocket message may carry several records, and one record may span several messages, so
/// the bytes after the last separator are kept until the next message. A partial record that grows
/// past the limit is dropped and reported, so a peer that never sends the separator cannot make the
/// buffer grow without bound.
public struct HubRecordReader: Sendable {
    /// The record separator of the JSON hub protocol.
    public static let separator: UInt8 = 0x1E

    private var partial: [UInt8] = []
    private let maximumRecordBytes: Int

    /// Creates a reader that accepts records up to `maximumRecordBytes`.
    public init(maximumRecordBytes: Int) {
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Bytes waiting for their separator.
    public var pendingBytes: Int { partial.count }

    /// Feeds one message; `emit` is called with each complete record (without the separator),
    /// or with a violation for an oversized partial record.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (Result<ArraySlice<UInt8>, HubProtocolViolation>) throws -> Void) rethrows {
        var start = 0
        let count = bytes.count
        while start < count {
            guard let end = bytes[start...].firstIndex(of: Self.separator) else {
                partial.append(contentsOf: bytes[start...])
                if partial.count > maximumRecordBytes {
                    let size = partial.count
                    partial = []
                    try emit(.failure(HubProtocolViolation(.recordTooLarge, "\(size) bytes without a record separator (limit \(maximumRecordBytes))")))
                }
                return
            }
            if partial.isEmpty {
                let record = Array(bytes[start..<end])
                try emit(checked(record[...]))
            } else {
                partial.append(contentsOf: bytes[start..<end])
                let record = partial
                partial = []
                try emit(checked(record[...]))
            }
            start = end + 1
        }
    }

    /// Feeds one message given as an array.
    public mutating func feed(_ bytes: [UInt8], emit: (Result<ArraySlice<UInt8>, HubProtocolViolation>) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { try feed($0, emit: emit) }
    }

    private func checked(_ record: ArraySlice<UInt8>) -> Result<ArraySlice<UInt8>, HubProtocolViolation> {
        if record.isEmpty { return .failure(HubProtocolViolation(.emptyRecord, "an empty record")) }
        if record.count > maximumRecordBytes {
            return .failure(HubProtocolViolation(.recordTooLarge, "a record of \(record.count) bytes (limit \(maximumRecordBytes))"))
        }
        return .success(record)
    }
}
