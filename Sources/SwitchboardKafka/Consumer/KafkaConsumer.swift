import CRdKafka
import CSwitchboardShim
import Foundation
import Synchronization

/// A small consumer that reads every partition of one topic without a consumer group
/// (assignment, not subscription): what `switchboard tail` and the tests need.
///
/// One user at a time: `poll` blocks its thread, so async callers use `collect`, which polls on
/// a dedicated thread.
public final class KafkaConsumer: @unchecked Sendable {
    // @unchecked: the handle is thread-safe in librdkafka; `close` is guarded by `closed`.
    /// Where reading starts.
    public enum StartPosition: Sendable {
        case beginning
        case end
    }

    public let topic: String
    private let handle: RdKafkaHandle
    private let closed = Mutex<Bool>(false)

    /// Connects and assigns all partitions of `topic`, waiting up to `metadataTimeout` for the
    /// topic to exist.
    public init(
        bootstrapServers: String,
        topic: String,
        from start: StartPosition = .beginning,
        properties: [String: String] = [:],
        metadataTimeout: Duration = .seconds(10)
    ) throws(KafkaError) {
        self.topic = topic
        var all: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            // Assignment needs no group, but librdkafka's consumer API wants an id.
            "group.id": "switchboard-tail-\(UUID().uuidString)",
            "enable.auto.commit": "false",
            "enable.partition.eof": "false",
            "log_level": "3",
        ]
        for (name, value) in properties { all[name] = value }
        let conf = try RdKafkaConfiguration.make(all)
        handle = try RdKafkaHandle.make(type: RD_KAFKA_CONSUMER, conf: conf)
        rd_kafka_poll_set_consumer(handle.pointer)
        do throws(KafkaError) {
            let partitions = try Self.partitionCount(handle, topic: topic, timeout: metadataTimeout)
            guard let list = rd_kafka_topic_partition_list_new(Int32(partitions)) else {
                throw KafkaError(.consumerFailed, "could not allocate a partition list")
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let offset = start == .beginning ? csb_kafka_offset_beginning() : csb_kafka_offset_end()
            for partition in 0..<Int32(partitions) {
                rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = offset
            }
            let code = rd_kafka_assign(handle.pointer, list)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.consumerFailed, "could not assign \(topic): \(RdKafkaErrorName.describe(code))")
            }
        } catch {
            // Every stored property is set, so deinit runs and closes the handle.
            throw error
        }
    }

    deinit { close() }

    /// Releases the client. Idempotent.
    public func close() {
        let first = closed.withLock { closed -> Bool in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        _ = rd_kafka_consumer_close(handle.pointer)
        rd_kafka_destroy(handle.pointer)
    }

    /// The next record, or nil when none arrived within `timeoutMilliseconds`.
    /// Transient fetch errors are skipped; librdkafka retries them itself.
    public func poll(timeoutMilliseconds: Int32) throws(KafkaError) -> ConsumedRecord? {
        guard let message = rd_kafka_consumer_poll(handle.pointer, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let value = message.pointee
        if value.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if value.err == RD_KAFKA_RESP_ERR__PARTITION_EOF || value.err == RD_KAFKA_RESP_ERR__TRANSPORT { return nil }
            throw KafkaError(.consumerFailed, "consuming \(topic) failed: \(RdKafkaErrorName.describe(value.err))",
                librdkafkaError: RdKafkaErrorName.name(value.err))
        }
        let key = value.key.map { Array(UnsafeRawBufferPointer(start: $0, count: value.key_len)) }
        let payload = value.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: value.len)) } ?? []
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var data: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &data, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes = data.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
                index += 1
            }
        }
        return ConsumedRecord(
            topic: topic, partition: value.partition, offset: value.offset,
            record: KafkaRecord(key: key, value: payload, headers: headers)
        )
    }

    /// Reads until `count` records arrived or `timeout` passed, on a dedicated thread so no
    /// Swift concurrency thread blocks in librdkafka.
    public func collect(count: Int, timeout: Duration) async throws(KafkaError) -> [ConsumedRecord] {
        let result: Result<[ConsumedRecord], KafkaError> = await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                // Set from inside: on Linux, a name given before `start()` is never applied.
                Thread.current.name = "sb-kafka-cons"
                let end = ContinuousClock.now.advanced(by: timeout)
                var records: [ConsumedRecord] = []
                do throws(KafkaError) {
                    while records.count < count, ContinuousClock.now < end {
                        if let record = try poll(timeoutMilliseconds: 100) { records.append(record) }
                    }
                    continuation.resume(returning: .success(records))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        return try result.get()
    }

    private static func partitionCount(_ handle: RdKafkaHandle, topic: String, timeout: Duration) throws(KafkaError) -> Int {
        guard let topicHandle = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw KafkaError(.consumerFailed, "could not create a topic handle for \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        let end = ContinuousClock.now.advanced(by: timeout)
        var lastError = "no metadata"
        repeat {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle.pointer, 0, topicHandle, &metadata, 2000)
            if code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata {
                defer { rd_kafka_metadata_destroy(metadata) }
                if metadata.pointee.topic_cnt > 0 {
                    let entry = metadata.pointee.topics[0]
                    if entry.err == RD_KAFKA_RESP_ERR_NO_ERROR, entry.partition_cnt > 0 { return Int(entry.partition_cnt) }
                    lastError = RdKafkaErrorName.describe(entry.err)
                }
            } else {
                lastError = RdKafkaErrorName.describe(code)
            }
            Thread.sleep(forTimeInterval: 0.2)
        } while ContinuousClock.now < end
        throw KafkaError(.consumerFailed, "topic \(topic) has no partitions to read: \(lastError)")
    }
}
