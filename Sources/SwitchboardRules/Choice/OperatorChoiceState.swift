import Synchronization
import SwitchboardEvents

/// The memory behind `roundRobin` and `sticky`: per-instance, in-memory, lost on restart.
///
/// Round-robin counters are kept per rule and list and advance by one per evaluation. Sticky
/// assignments are kept per rule and key; a hit renews the entry's time to live (so a caller who
/// keeps calling keeps their operator), and at most `maximumStickyEntries` are kept: beyond that,
/// expired entries go first and then those closest to expiry. Two events of the same new caller
/// evaluated at the same instant may both choose; the later choice is remembered.
public final class OperatorChoiceState: Sendable {
    /// Settings for operator choice, read from the `rules` section of the service configuration.
    public struct Configuration: Sendable, Hashable, Decodable {
        /// The time a sticky assignment lives when the template gives none, in seconds (default 30 minutes).
        public var stickyTTLSeconds: Double
        /// The most sticky assignments kept (default 100,000).
        public var maximumStickyEntries: Int

        public init(stickyTTLSeconds: Double = 1800, maximumStickyEntries: Int = 100_000) {
            self.stickyTTLSeconds = stickyTTLSeconds
            self.maximumStickyEntries = maximumStickyEntries
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Configuration()
            stickyTTLSeconds = try container.decodeIfPresent(Double.self, forKey: .stickyTTLSeconds) ?? defaults.stickyTTLSeconds
            maximumStickyEntries = try container.decodeIfPresent(Int.self, forKey: .maximumStickyEntries) ?? defaults.maximumStickyEntries
        }

        private enum CodingKeys: String, CodingKey {
            case stickyTTLSeconds, maximumStickyEntries
        }
    }

    private struct Sticky {
        var value: JSONValue
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var counters: [String: Int] = [:]
        var sticky: [String: Sticky] = [:]
    }

    public let configuration: Configuration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    /// - Parameter now: the clock; tests pass a manual one to step through time to live.
    public init(configuration: Configuration = Configuration(), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.configuration = configuration
        self.now = now
    }

    /// How many sticky assignments are held.
    public var stickyCount: Int { state.withLock { $0.sticky.count } }

    /// The next position in a list of `count` elements for the counter `key`.
    func nextIndex(counter key: String, count: Int) -> Int {
        state.withLock { state in
            let current = state.counters[key, default: 0]
            state.counters[key] = (current + 1) % count
            return current % count
        }
    }

    /// The value remembered for `key` when it has not expired; renews its time to live.
    func stickyValue(for key: String, refreshingFor ttl: Double?) -> JSONValue? {
        let instant = now()
        return state.withLock { state in
            guard var entry = state.sticky[key] else { return nil }
            guard entry.expires > instant else {
                state.sticky[key] = nil
                return nil
            }
            entry.expires = instant + lifetime(ttl)
            state.sticky[key] = entry
            return entry.value
        }
    }

    func remember(_ value: JSONValue, for key: String, ttl: Double?) {
        let instant = now()
        let limit = max(1, configuration.maximumStickyEntries)
        state.withLock { state in
            state.sticky[key] = Sticky(value: value, expires: instant + lifetime(ttl))
            guard state.sticky.count > limit else { return }
            state.sticky = state.sticky.filter { $0.value.expires > instant }
            if state.sticky.count > limit {
                // Evict a tenth at once so a full map does not sort on every insert.
                let excess = state.sticky.count - limit + limit / 10
                for (old, _) in state.sticky.sorted(by: { $0.value.expires < $1.value.expires }).prefix(excess) where old != key {
                    state.sticky[old] = nil
                }
            }
        }
    }

    /// The time to live as a duration, clamped to [0, 10 years] so no setting can overflow.
    private func lifetime(_ ttl: Double?) -> Duration {
        let seconds = ttl ?? configuration.stickyTTLSeconds
        guard seconds.isFinite else { return .seconds(Self.longestTTLSeconds) }
        return .milliseconds(Int64(min(max(0, seconds), Double(Self.longestTTLSeconds)) * 1000))
    }

    private static let longestTTLSeconds: Int64 = 315_360_000
}
