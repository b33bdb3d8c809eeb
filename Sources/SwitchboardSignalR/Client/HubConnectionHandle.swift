import SwitchboardWebSocket
import Synchronization

/// One live hub connection: its WebSocket and the timestamps the keep-alive logic needs.
final class HubConnectionHandle: Sendable {
    struct Timing {
        var lastSent: ContinuousClock.Instant
        var lastReceived: ContinuousClock.Instant
    }

    enum Ending: Sendable {
        case serverClose(error: String?, allowReconnect: Bool)
        case serverTimeout
        case hookFailed(String)
    }

    let socket: WebSocketConnection
    let timing: Mutex<Timing>
    let ending = Mutex<Ending?>(nil)

    init(socket: WebSocketConnection) {
        self.socket = socket
        let now = ContinuousClock.now
        self.timing = Mutex(Timing(lastSent: now, lastReceived: now))
    }

    func touchSent() {
        let now = ContinuousClock.now
        timing.withLock { $0.lastSent = now }
    }

    func touchReceived() {
        let now = ContinuousClock.now
        timing.withLock { $0.lastReceived = now }
    }

    /// Records why this side ends the connection (first reason wins).
    func end(_ reason: Ending) {
        ending.withLock { if $0 == nil { $0 = reason } }
    }
}
