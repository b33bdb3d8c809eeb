import CRdKafka

/// Names and descriptions of librdkafka error codes, safe to call from any thread (they read
/// static tables; unlike `rd_kafka_last_error` they carry no thread-local state).
enum RdKafkaErrorName {
    static func name(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2name(code))
    }

    static func describe(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(code))
    }

    /// Reads and destroys an `rd_kafka_error_t` returned by `rd_kafka_produceva` & co.
    static func consume(_ error: OpaquePointer) -> (code: rd_kafka_resp_err_t, name: String, message: String) {
        defer { rd_kafka_error_destroy(error) }
        return (rd_kafka_error_code(error), String(cString: rd_kafka_error_name(error)), String(cString: rd_kafka_error_string(error)))
    }
}
