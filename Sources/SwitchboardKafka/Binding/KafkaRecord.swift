/// One Kafka header: a name and raw bytes (CloudEvents headers are UTF-8 text).
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ text: String) {
        self.init(name: name, value: Array(text.utf8))
    }

    /// The value as UTF-8 text.
    public var text: String { String(decoding: value, as: UTF8.self) }
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
