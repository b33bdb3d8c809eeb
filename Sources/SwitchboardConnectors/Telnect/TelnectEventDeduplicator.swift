import SwitchboardEvents

/// Decides which events of one account are new, so the stream and the history gap fill together
/// deliver every call state once and never one that is older than what was already emitted.
///
/// - Stream events are new unless their event id was seen (a platform replaying its last frames
///   after a reconnect), or they end a call that already ended (the gap fill got there first).
/// - History records carry no event id and only a call's latest state, so they are compared by
///   progress: a record is new only when its call has not yet reached that stage (created <
///   trying/early/progress < ringing < answered < hangup/completed/failed). That removes both
///   duplicates (`completed` after a streamed `hangup`) and stale states (history lagging the
///   stream).
///
/// Memory is bounded: the oldest ids and call stages are forgotten beyond `capacity` each.
struct TelnectEventDeduplicator: Sendable {
    private var ids: BoundedSet
    private var reached: BoundedSet

    init(capacity: Int) {
        ids = BoundedSet(capacity: capacity)
        reached = BoundedSet(capacity: capacity)
    }

    /// `true` when a streamed event should be emitted; records it.
    mutating func admitStreamed(_ event: CallEvent) -> Bool {
        let stage = Self.stage(of: event.data.state)
        if stage == Self.finalStage, reached.contains(Self.key(event.data.callId, stage: Self.finalStage)) { return false }
        guard ids.insert(event.id) else { return false }
        mark(event, stage: stage)
        return true
    }

    /// `true` when an event read from history should be emitted; records it.
    mutating func admitFilled(_ event: CallEvent) -> Bool {
        guard !ids.contains(event.id) else { return false }
        guard let stage = Self.stage(of: event.data.state) else {
            // Outside the progression (queued): one per call and platform state.
            guard reached.insert("\(event.data.callId)|s:\(event.data.platformState)") else { return false }
            _ = ids.insert(event.id)
            return true
        }
        guard !reached.contains(Self.key(event.data.callId, stage: stage)) else { return false }
        _ = ids.insert(event.id)
        mark(event, stage: stage)
        return true
    }

    private mutating func mark(_ event: CallEvent, stage: Int?) {
        guard let stage else { return }
        for reachedStage in 0...stage { _ = reached.insert(Self.key(event.data.callId, stage: reachedStage)) }
    }

    private static let finalStage = 4

    private static func key(_ callId: String, stage: Int) -> String { "\(callId)|\(stage)" }

    /// A call's progress; `nil` for states outside the linear progression.
    static func stage(of state: CallState) -> Int? {
        switch state {
        case .initiated: return 0
        case .progress: return 1
        case .ringing: return 2
        case .answered: return 3
        case .ended, .failed: return finalStage
        case .queued, .unknown: return nil
        }
    }
}
