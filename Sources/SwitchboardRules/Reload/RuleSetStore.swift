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
    }

    private let state: Mutex<Snapshot>
    private let applied = Counter(label: "switchboard_rules_reloads_total", dimensions: [("result", "applied")])
    private let rejected = Counter(label: "switchboard_rules_reloads_total", dimensions: [("result", "rejected")])

    /// A store whose active set is `initial` (by default a set without rules).
    public init(_ initial: RuleSet = .empty) {
        state = Mutex(Snapshot(ruleSet: initial, generation: 0, lastError: nil))
    }

    /// The rule set new events are matched against.
    public var ruleSet: RuleSet { state.withLock { $0.ruleSet } }

    /// The active set, its generation and the last reload error, read together.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Why the most recent reload was rejected, if it was.
    public var lastError: RuleSetError? { state.withLock { $0.lastError } }

    /// Makes `ruleSet` active.
    public func replace(with ruleSet: RuleSet) {
        state.withLock {
            $0.ruleSet = ruleSet
            $0.generation += 1
            $0.lastError = nil
        }
        applied.increment()
    }

    /// Records a rejected reload; the active set stays.
    public func reject(_ error: RuleSetError) {
        state.withLock { $0.lastError = error }
        rejected.increment()
    }
}
