/// Where a client is in its life.
public enum SignalRState: String, Sendable, Hashable {
    /// Created, not started.
    case idle
    /// `start` is running its first connect.
    case connecting
    /// Connected (after a reconnect: once the `onReconnected` hook has finished).
    case connected
    /// The connection was lost; attempts to reconnect are under way.
    case reconnecting
    /// Stopped by `stop`, by a server Close without reconnect, or after the last reconnect attempt.
    case stopped
}
