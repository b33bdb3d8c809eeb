import CLibWebSockets
import CSwitchboardShim
import Logging
import Synchronization

/// The state of one WebSocket connection, driven by libwebsockets callbacks on the service thread.
///
/// Everything the callbacks and the public API share sits in `state` behind a mutex; the C side
/// only ever sees this object through the service thread's context user pointer.
final class WebSocketSession: LWSEventHandler {
    enum Phase { case connecting, open, closing, closed }

    struct Outbound {
        /// `LWS_PRE` bytes of headroom followed by the payload, prepared by the sending thread.
        var buffer: [UInt8]
        var kind: Int32
    }

    struct State {
        var phase = Phase.connecting
        var wsi: LWSHandle?
        var outbound: [Outbound] = []
        var outboundHead = 0
        var queuedBytes = 0
        var closeRequest: (code: UInt16, reason: String)?
        var resumeRequested = false
        var connectWaiter: CheckedContinuation<Void, any Error>?
        var connectResult: Result<Void, WebSocketError>?
        var closeInfo: WebSocketCloseInfo?
        var peerClose: WebSocketCloseInfo?
        var localClose: WebSocketCloseInfo?
        var connectError: String?
        // Touched by the service thread only; kept here so one lock covers a callback.
        var assembly: [UInt8] = []
        var assembling = false
        var assemblyBinary = false
        var lastReceive = ContinuousClock.now
        var pingSentAt: ContinuousClock.Instant?
        var pingDue = false
        var rxPaused = false
        /// Set once this side decided to close: what still arrives is dropped.
        var discarding = false
        var pendingOutbound: Int { outbound.count - outboundHead }
    }

    let configuration: WebSocketConfiguration
    let headers: [(name: String, value: String)]
    let logger: Logger
    let state = Mutex(State())
    let pre = csb_lws_pre()
    private let threadBox = Mutex<LWSServiceThread?>(nil)
    let inbox: WebSocketInbox

    init(configuration: WebSocketConfiguration, logger: Logger) {
        self.configuration = configuration
        self.headers = configuration.headers.sorted { $0.key < $1.key }.map { ("\($0.key):", $0.value) }
        self.logger = logger
        self.inbox = WebSocketInbox(capacity: configuration.receiveBufferMessages)
        inbox.onResume { [weak self] in self?.requestResume() }
    }

    var thread: LWSServiceThread? { threadBox.withLock { $0 } }

    func attach(_ thread: LWSServiceThread) {
        threadBox.withLock { $0 = thread }
    }

    /// Records the client wsi returned by connect, so events of other wsis are told apart.
    func setConnection(_ wsi: OpaquePointer) {
        state.withLock { state in
            if state.phase == .connecting { state.wsi = LWSHandle(pointer: wsi) }
        }
    }

    // MARK: Calls from other threads

    func enqueue(_ payload: UnsafeRawBufferPointer, kind: Int32) throws(WebSocketError) {
        var buffer = [UInt8](repeating: 0, count: pre + payload.count)
        buffer.withUnsafeMutableBytes { raw in
            if payload.count > 0 {
                raw.baseAddress!.advanced(by: pre).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
            }
        }
        let limit = configuration.maximumQueuedSendBytes
        let wake = try state.withLock { (state: inout State) throws(WebSocketError) -> Bool in
            guard state.phase == .open else {
                throw WebSocketError(.notConnected, "the connection is not open")
            }
            guard state.queuedBytes == 0 || state.queuedBytes + payload.count <= limit else {
                throw WebSocketError(.sendQueueFull, "\(state.queuedBytes) bytes are already queued (limit \(limit))")
            }
            state.outbound.append(Outbound(buffer: buffer, kind: kind))
            state.queuedBytes += payload.count
            return state.pendingOutbound == 1
        }
        if wake { thread?.wake() }
    }

    /// Starts the close handshake after the queued messages (or abandons a connect in progress).
    func requestClose(code: UInt16, reason: String) {
        let action: (wake: Bool, exit: Bool) = state.withLock { state in
            switch state.phase {
            case .open:
                state.phase = .closing
                state.closeRequest = (code, Self.closeReason(reason))
                return (true, false)
            case .connecting:
                state.localClose = WebSocketCloseInfo(code: code, reason: reason, initiator: .local)
                return (false, true)
            case .closing, .closed:
                return (false, false)
            }
        }
        if action.wake { thread?.wake() }
        if action.exit { failConnect(WebSocketError(.connectFailed, "closed before the connection opened")) }
    }

    /// A close frame's payload is at most 125 bytes, 2 of them the code: cut at a scalar boundary.
    static func closeReason(_ reason: String) -> String {
        var bytes = 0
        var kept = String.UnicodeScalarView()
        for scalar in reason.unicodeScalars {
            bytes += String(scalar).utf8.count
            if bytes > 123 { break }
            kept.append(scalar)
        }
        return String(kept)
    }

    func requestResume() {
        state.withLock { $0.resumeRequested = true }
        thread?.wake()
    }

    /// Fails a pending connect (timeout, cancellation) and tears the context down.
    func failConnect(_ error: WebSocketError) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.phase == .connecting else { return nil }
            state.phase = .closed
            state.connectResult = .failure(error)
            state.closeInfo = WebSocketCloseInfo(code: WebSocketCloseInfo.abnormalClosure, reason: error.message, initiator: .local)
            defer { state.connectWaiter = nil }
            return state.connectWaiter
        }
        inbox.finish()
        thread?.requestExit()
        waiter?.resume(throwing: error)
    }

    func waitUntilOpen() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { state -> Result<Void, WebSocketError>? in
                if let result = state.connectResult { return result }
                state.connectWaiter = continuation
                return nil
            }
            if let result { continuation.resume(with: result.mapError { $0 as any Error }) }
        }
    }

    // MARK: Service-thread callbacks

    func handle(wsi: OpaquePointer?, event: Int32, input: UnsafeMutableRawPointer?, length: Int, flags: Int32) -> Int32 {
        switch event {
        case Int32(CSB_LWS_EV_WAKE):
            onWake()
            return 0
        case Int32(CSB_LWS_EV_APPEND_HEADERS):
            return appendHeaders(wsi: wsi, input: input, length: length)
        case Int32(CSB_LWS_EV_WS_ESTABLISHED):
            onEstablished(wsi: wsi)
            return 0
        case Int32(CSB_LWS_EV_WS_RECEIVE):
            return onReceive(wsi: wsi, input: input, length: length, flags: flags)
        case Int32(CSB_LWS_EV_WS_PONG):
            state.withLock { state in
                state.lastReceive = .now
                state.pingSentAt = nil
            }
            return 0
        case Int32(CSB_LWS_EV_WS_WRITEABLE):
            return onWriteable(wsi: wsi)
        case Int32(CSB_LWS_EV_WS_PEER_CLOSE):
            onPeerClose(input: input, length: length)
            return 0
        case Int32(CSB_LWS_EV_TIMER):
            return onTimer(wsi: wsi)
        case Int32(CSB_LWS_EV_CONNECTION_ERROR):
            let reason = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "connection failed"
            state.withLock { $0.connectError = reason }
            finish(wsi: wsi)
            return 0
        case Int32(CSB_LWS_EV_WS_CLOSED), Int32(CSB_LWS_EV_WSI_DESTROY):
            finish(wsi: wsi)
            return 0
        default:
            return 0
        }
    }
}
