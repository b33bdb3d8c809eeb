import Metrics
import Synchronization

/// The counters of one metric, one per value of a single dimension (`rule`), made on first use
/// and kept: making a swift-metrics handle per event (dimension arrays, a registry lookup under
/// the factory's lock) showed in the webhook ingest profile.
///
/// The values come from configuration (rule names), not from event data, so the family stays
/// as small as the rule files.
final class CounterFamily: Sendable {
    private let label: String
    private let dimension: String
    private let counters = Mutex<[String: Counter]>([:])

    init(label: String, dimension: String) {
        self.label = label
        self.dimension = dimension
    }

    func increment(_ value: String) {
        counter(value).increment()
    }

    private func counter(_ value: String) -> Counter {
        counters.withLock { counters in
            if let counter = counters[value] { return counter }
            let counter = Counter(label: label, dimensions: [(dimension, value)])
            counters[value] = counter
            return counter
        }
    }
}
