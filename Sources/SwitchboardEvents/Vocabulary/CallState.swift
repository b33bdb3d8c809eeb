/// The normalized state of a call after an event.
public enum CallState: String, Sendable, Hashable, Codable, CaseIterable {
    case initiated
    case progress
    case ringing
    case answered
    case queued
    case ended
    case failed
    /// The platform's state has no lifecycle meaning (kept in `platformState`).
    case unknown
}

/// Which way a call goes, seen from the platform customer's side.
public enum CallDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case inbound
    case outbound
    case `internal`
    case unknown
}

/// Why a call ended or failed, normalized across platforms; the platform's own wording is
/// kept in `CallReason.platformReason`.
public enum EndReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A party hung up after the call was established.
    case hangup
    case busy
    case noAnswer = "no-answer"
    /// The caller gave up before the call was answered.
    case cancelled
    case rejected
    /// A network, carrier or device failure.
    case failure
    case other
}

/// Which party a state or reason is about, when the platform says.
public enum CallLeg: String, Sendable, Hashable, Codable, CaseIterable {
    case caller
    case callee
}
