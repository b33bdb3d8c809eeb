/// The CloudEvents `type` vocabulary of normalized call events.
///
/// Every value is stable and versioned by the schema (`CallEvent.dataSchema`); consumers switch on
/// the raw string. The meaning of each type is documented in `docs/event-schema.md`.
public enum CallEventType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A call was created on the platform; nothing has rung yet.
    case initiated = "switchboard.call.initiated"
    /// Call set-up progresses (trying, early media, progress indications).
    case progress = "switchboard.call.progress"
    /// A party is being alerted.
    case ringing = "switchboard.call.ringing"
    /// The call is connected (both parties talking).
    case answered = "switchboard.call.answered"
    /// The call ended after it was established, or was cleared normally.
    case ended = "switchboard.call.ended"
    /// The call could not be established.
    case failed = "switchboard.call.failed"
    /// A record of a finished call (history entry or CDR) with its durations and billing facts.
    case completed = "switchboard.call.completed"
    /// Any other change of a live call that a platform reports without a lifecycle meaning.
    case updated = "switchboard.call.updated"
    /// A caller entered a queue.
    case queueEntered = "switchboard.queue.entered"
    /// A queued caller reached the head of the queue.
    case queueFirst = "switchboard.queue.first"
    /// A queued call was answered by an operator.
    case queueAnswered = "switchboard.queue.answered"
    /// A queued call left the queue by its fallback route.
    case queueFallback = "switchboard.queue.fallback"
    /// A queued caller hung up.
    case queueHangup = "switchboard.queue.hangup"
    /// A Thello bloc notification whose event name has no specific meaning to Switchboard.
    case blocEvent = "switchboard.bloc.event"
    /// A call recording can be fetched.
    case recordingAvailable = "switchboard.recording.available"
    /// A platform action a rule planned for this call failed for good (`data.failure` says which
    /// and why): device offline, call gone, retries exhausted. Published on the dead-letter topic.
    case actionFailed = "switchboard.action.failed"
}
