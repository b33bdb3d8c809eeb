import CRdKafka
import Foundation

/// Builds an `rd_kafka_conf_t` from text properties, turning librdkafka's refusals into
/// `KafkaError.invalidProperty` errors that name the property and never echo a secret.
enum RdKafkaConfiguration {
    /// Property names whose values must never appear in messages.
    static func isSensitive(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "key", "token", "jaas", "credential"].contains { lowered.contains($0) }
    }

    /// A new configuration object holding `properties`; the caller owns it.
    static func make(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(.clientCreationFailed, "rd_kafka_conf_new returned NULL")
        }
        // Sorted so that the first error reported is stable from run to run.
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            do {
                try set(conf, name, value)
            } catch {
                rd_kafka_conf_destroy(conf)
                throw error
            }
        }
        return conf
    }

    static func set(_ conf: OpaquePointer, _ name: String, _ value: String) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, name, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        var reason = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // An unknown name may be a misspelt secret (`sasl.passwrod`), so its value is hidden too.
        if isSensitive(name) || result == RD_KAFKA_CONF_UNKNOWN, !value.isEmpty {
            reason = reason.replacingOccurrences(of: value, with: "<redacted>")
        }
        let kind = result == RD_KAFKA_CONF_UNKNOWN ? "unknown librdkafka property" : "invalid value for librdkafka property"
        throw KafkaError(.invalidProperty, "\(kind) \"\(name)\": \(reason)", property: name)
    }
}
