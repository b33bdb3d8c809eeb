/// Counters of one client since it was created (a snapshot).
public struct SignalRStatistics: Sendable, Hashable {
    /// Records received and decoded (any type).
    public var messagesReceived = 0
    /// Records that broke the protocol (bad JSON, unknown type, oversized, result+error, ...).
    public var protocolViolations = 0
    /// Successful reconnects.
    public var reconnects = 0
    /// Failed connect or reconnect attempts.
    public var failedAttempts = 0
    /// Pings sent because nothing else was sent for the keep-alive interval.
    public var pingsSent = 0
    /// Connections dropped because the server was silent for the server timeout.
    public var serverTimeouts = 0
    /// Server invocations with no registered handler.
    public var unhandledInvocations = 0
    /// Completions for invocation ids nobody waits for (late, after a timeout, or bogus).
    public var unmatchedCompletions = 0

    /// Creates zeroed counters.
    public init() {}
}
