import Foundation
import Metrics
import Synchronization

/// Holds the active rule set; readers take a snapshot, reloads swap it atomically.
///
/// A rejected reload leaves the active set untouched and records why in `lastError`, and counts
/// in the `switchboard_rules_reloads_total` counter (dimension `result`: `applied`/`rejected`).
public final class RuleSetStore: Sendable {
    /// The state readers see.
    public struct Snapshot: Sendable {
        /// The active rule set.
        public var ruleSet: RuleSet
        /// Increases by one with every applied reload (the initial set is generation 0).
        public var generation: Int
        /// Why the most recent reload was rejected; nil once a later reload succeeds.
        public var lastError: RuleSetError?
        /// When the active set was made active (for the initial empty set: when the store was made).
        public var loadedAt: Date
        /// When `lastError` happened.
        public var lastErrorAt: Date?
        /// A hash of the rule files the active set was loaded from (nil when not loaded from
        /// files); with `generation` it names the version people see on the status page.
        public var fingerprint: UInt64?

        /// `generation` and the files' fingerprint, e.g. `3 (1f0c9a2b)`: the generation says how
        /// many reloads happened, the fingerprint which files are active.
        public var version: String {
            guard let fingerprint else { return "\(generation)" }
            let hex = String(fingerprint, radix: 16)
            return "\(generation) (\(String(repeating: "0", count: max(0, 16 - hex.count)) + hex))"
        }
    }

    private let state: Mutex<Snapshot>
    private let applied = Counter(label: "switchboard_rules_reloads_total", dimensions: [("result", "applied")])
    private let rejected = Counter(label: "switchboard_rules_reloads_total", dimensions: [("result", "rejected")])

    /// A store whose active set is `initial` (by default a set without rules).
    public init(_ initial: RuleSet = .empty) {
        state = Mutex(Snapshot(ruleSet: initial, generation: 0, lastError: nil, loadedAt: Date(), lastErrorAt: nil, fingerprint: nil))
    }

    /// The rule set new events are matched against.
    public var ruleSet: RuleSet { state.withLock { $0.ruleSet } }

    /// The active set, its generation and the last reload error, read together.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Why the most recent reload was rejected, if it was.
    public var lastError: RuleSetError? { state.withLock { $0.lastError } }

    /// Makes `ruleSet` active; `fingerprint` identifies the files it was loaded from.
    public func replace(with ruleSet: RuleSet, fingerprint: UInt64? = nil) {
        state.withLock {
            $0.ruleSet = ruleSet
            $0.generation += 1
            $0.lastError = nil
            $0.lastErrorAt = nil
            $0.loadedAt = Date()
            $0.fingerprint = fingerprint
        }
        applied.increment()
    }

    /// Records a rejected reload; the active set stays.
    public func reject(_ error: RuleSetError) {
        state.withLock {
            $0.lastError = error
            $0.lastErrorAt = Date()
        }
        rejected.increment()
    }
}
