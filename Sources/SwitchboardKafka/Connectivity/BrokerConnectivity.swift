import Foundation

/// Whether the producer can reach the cluster, as librdkafka sees it.
///
/// Derived from librdkafka's statistics (`statistics.interval.ms`, every broker's `state`) and
/// its `_ALL_BROKERS_DOWN` error: readiness probes and the status page read it, so `/readyz`
/// answers 503 while no broker is reachable and 200 again once one is.
public struct BrokerConnectivity: Sendable, Hashable {
    /// Brokers with an open connection (`state` `UP`), librdkafka's internal broker excluded.
    public var connected: Int
    /// Brokers librdkafka knows (bootstrap and learned), the internal one excluded.
    public var known: Int
    /// When this was last derived; nil before the first statistics arrived.
    public var updatedAt: Date?

    public init(connected: Int, known: Int, updatedAt: Date?) {
        self.connected = connected
        self.known = known
        self.updatedAt = updatedAt
    }

    /// Before the first statistics: nothing known yet.
    public static let unknown = BrokerConnectivity(connected: 0, known: 0, updatedAt: nil)

    /// True once at least one broker connection is up.
    public var isUp: Bool { connected > 0 }

    /// A one-line summary for `/readyz` details and the status page.
    public var summary: String {
        guard updatedAt != nil else { return "connecting" }
        return isUp ? "\(connected) of \(known) brokers up" : "all brokers down (\(known) known)"
    }

    /// Reads librdkafka's statistics JSON (the `brokers` object); nil when it is not readable,
    /// so one odd statistics document never flips readiness.
    static func parse(statistics: Data, at time: Date) -> BrokerConnectivity? {
        guard let root = try? JSONSerialization.jsonObject(with: statistics) as? [String: Any],
              let brokers = root["brokers"] as? [String: Any] else { return nil }
        var connected = 0
        var known = 0
        for case let broker as [String: Any] in brokers.values {
            // The internal broker is always "UP": it is librdkafka's own queue, not a connection.
            if broker["source"] as? String == "internal" { continue }
            known += 1
            if broker["state"] as? String == "UP" { connected += 1 }
        }
        return BrokerConnectivity(connected: connected, known: known, updatedAt: time)
    }
}
