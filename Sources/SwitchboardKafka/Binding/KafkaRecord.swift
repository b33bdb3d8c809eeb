/// One Kafka header: a name and raw bytes (CloudEvents headers are UTF-8 text).
///
/// Text values are kept as the `String` they came from and handed to librdkafka from its UTF-8
/// storage: a byte-array copy per header was nine allocations per record in binary mode (and
/// nine frees on the poll thread), a visible share of the webhook ingest profile.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    private var storage: Storage

    private enum Storage: Sendable {
        case bytes([UInt8])
        case text(String)
    }

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.storage = .bytes(value)
    }

    public init(_ name: String, _ text: String) {
        self.name = name
        self.storage = .text(text)
    }

    /// The raw bytes of the value.
    public var value: [UInt8] {
        get {
            switch storage {
            case .bytes(let bytes): return bytes
            case .text(let text): return Array(text.utf8)
            }
        }
        set { storage = .bytes(newValue) }
    }

    /// The value as UTF-8 text.
    public var text: String {
        switch storage {
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .text(let text): return text
        }
    }

    /// Calls `body` with the value's bytes, without copying them.
    public func withUnsafeValueBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .bytes(let bytes):
            return try bytes.withUnsafeBytes(body)
        case .text(var text):
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Headers are equal when names and bytes are, however the value is kept.
    public static func == (left: KafkaHeader, right: KafkaHeader) -> Bool {
        left.name == right.name && left.withUnsafeValueBytes { leftBytes in
            right.withUnsafeValueBytes { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        withUnsafeValueBytes { hasher.combine(bytes: $0) }
    }
}

/// The bytes of a Kafka message without its place in the log: what the producer sends.
public struct KafkaRecord: Sendable, Hashable {
    public var key: [UInt8]?
    public var value: [UInt8]
    /// In order; Kafka allows repeated names.
    public var headers: [KafkaHeader]

    public init(key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The last header named `name` (case-sensitive, as Kafka headers are).
    public func header(_ name: String) -> KafkaHeader? {
        headers.last { $0.name == name }
    }
}

/// A record read back from a topic, with its position.
public struct ConsumedRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var record: KafkaRecord

    public init(topic: String, partition: Int32, offset: Int64, record: KafkaRecord) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.record = record
    }
}
