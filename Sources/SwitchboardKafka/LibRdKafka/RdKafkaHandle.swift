import CRdKafka

/// An `rd_kafka_t *` that may cross threads. librdkafka handles are thread-safe; who destroys
/// the handle, and when, is decided by the owner (`ProducerEngine`, `KafkaConsumer`...).
struct RdKafkaHandle: @unchecked Sendable, Equatable {
    let pointer: OpaquePointer

    /// Creates a client of `type` from `conf`. librdkafka takes `conf` on success; on failure it
    /// is destroyed here.
    static func make(type: rd_kafka_type_t, conf: OpaquePointer) throws(KafkaError) -> RdKafkaHandle {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let pointer = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // Conflicting properties (e.g. idempotence with acks=1) are reported only here.
            throw KafkaError(.invalidConfiguration, "librdkafka refused the configuration: \(reason)")
        }
        return RdKafkaHandle(pointer: pointer)
    }
}
