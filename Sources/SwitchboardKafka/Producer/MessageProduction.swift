import CRdKafka
import CSwitchboardShim

/// Hands one record to `rd_kafka_produceva` with a hand-built `rd_kafka_vu_t` array and header
/// list. Returns the librdkafka error (which the caller must consume) or nil when enqueued.
enum MessageProduction {
    private static let copyFlag = csb_kafka_msg_f_copy()

    static func produce(
        _ handle: RdKafkaHandle,
        topic: String,
        record: KafkaRecord,
        opaque: UnsafeMutableRawPointer?
    ) -> OpaquePointer? {
        var headers: OpaquePointer? = nil
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                // The name with its length: passing the String as a C string copied every
                // (small) name into a new null-terminated array.
                var name = header.name
                name.withUTF8 { name in
                    name.withMemoryRebound(to: CChar.self) { name in
                        header.withUnsafeValueBytes { bytes in
                            _ = rd_kafka_header_add(headers, name.baseAddress, name.count, bytes.baseAddress, bytes.count)
                        }
                    }
                }
            }
        }
        let error: OpaquePointer? = topic.withCString { topicName in
            record.value.withUnsafeBytes { value in
                withKey(record.key) { key in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6) { vus in
                        var count = 0
                        func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                            var vu = rd_kafka_vu_t()
                            vu.vtype = type
                            fill(&vu)
                            vus.initializeElement(at: count, to: vu)
                            count += 1
                        }
                        append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topicName }
                        append(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                            $0.u.mem.size = value.count
                        }
                        if let key {
                            append(RD_KAFKA_VTYPE_KEY) {
                                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                                $0.u.mem.size = key.count
                            }
                        }
                        if let headers {
                            append(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
                        }
                        append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
                        append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = copyFlag }
                        let result = rd_kafka_produceva(handle.pointer, vus.baseAddress, count)
                        vus.baseAddress!.deinitialize(count: count)
                        return result
                    }
                }
            }
        }
        // On success librdkafka owns the header list; on failure it is still ours.
        if error != nil, let headers { rd_kafka_headers_destroy(headers) }
        return error
    }

    private static func withKey<R>(_ key: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let key else { return body(nil) }
        return key.withUnsafeBytes { body($0) }
    }
}
