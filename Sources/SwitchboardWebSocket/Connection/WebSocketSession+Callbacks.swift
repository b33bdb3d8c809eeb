import CLibWebSockets
import CSwitchboardShim
import Synchronization

/// The libwebsockets callbacks of a session; all of these run on its service thread.
extension WebSocketSession {
    func onWake() {
        let (handle, resume, write) = state.withLock { state -> (LWSHandle?, Bool, Bool) in
            let resume = state.resumeRequested && state.rxPaused
            state.resumeRequested = false
            if resume { state.rxPaused = false }
            let write = state.pendingOutbound > 0 || state.closeRequest != nil
            return (state.phase == .open || state.phase == .closing ? state.wsi : nil, resume, write)
        }
        guard let wsi = handle?.pointer else { return }
        if resume { lws_rx_flow_control(wsi, 1) }
        if write { lws_callback_on_writable(wsi) }
    }

    func appendHeaders(wsi: OpaquePointer?, input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        guard let wsi, let input, let cursor = csb_lws_header_cursor(input) else { return 0 }
        let end = cursor + length
        for (name, value) in headers where csb_lws_append_header(wsi, input, end, name, value) != 0 {
            logger.error("the handshake headers do not fit in libwebsockets' buffer", metadata: ["header": "\(name)"])
            return -1
        }
        return 0
    }

    func onEstablished(wsi: OpaquePointer?) {
        let handle = wsi.map(LWSHandle.init)
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.phase = .open
            if state.wsi == nil { state.wsi = handle }
            state.lastReceive = .now
            state.connectResult = .success(())
            defer { state.connectWaiter = nil }
            return state.connectWaiter
        }
        if let wsi, let tick = timerTick { lws_set_timer_usecs(wsi, tick) }
        waiter?.resume()
    }

    var timerTick: lws_usec_t? {
        guard configuration.pingIntervalSeconds > 0 else { return nil }
        let seconds = max(0.05, min(configuration.pingIntervalSeconds, configuration.pongTimeoutSeconds) / 2)
        return lws_usec_t(seconds * 1_000_000)
    }

    enum Assembled {
        case partial
        case complete([UInt8], binary: Bool)
        case tooBig(Int)
    }

    func onReceive(wsi: OpaquePointer?, input: UnsafeMutableRawPointer?, length: Int, flags: Int32) -> Int32 {
        let limit = configuration.maximumMessageBytes
        let final = flags & Int32(CSB_LWS_RX_FINAL) != 0
        let binary = flags & Int32(CSB_LWS_RX_BINARY) != 0
        let assembled = state.withLock { state -> Assembled in
            state.lastReceive = .now
            state.pingSentAt = nil
            if state.discarding { return .partial }
            if !state.assembling {
                state.assembly.removeAll(keepingCapacity: true)
                state.assemblyBinary = binary
            }
            let total = state.assembly.count + length
            if total > limit {
                state.assembling = false
                state.assembly = []
                return .tooBig(total)
            }
            if let input, length > 0 {
                state.assembly.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
            }
            state.assembling = !final
            guard final else { return .partial }
            let bytes = state.assembly
            state.assembly = []
            return .complete(bytes, binary: state.assemblyBinary)
        }
        switch assembled {
        case .partial:
            return 0
        case .tooBig(let size):
            logger.warning("closing: incoming message exceeds the limit", metadata: ["bytes": "\(size)+", "limit": "\(limit)"])
            return closeLocally(wsi: wsi, code: WebSocketCloseInfo.messageTooBig, reason: "message too big")
        case .complete(let bytes, let isBinary):
            let message: WebSocketMessage
            if isBinary {
                message = .binary(bytes)
            } else if let text = String(validating: bytes, as: UTF8.self) {
                message = .text(text)
            } else {
                logger.warning("closing: a text message is not valid UTF-8")
                return closeLocally(wsi: wsi, code: WebSocketCloseInfo.invalidPayload, reason: "invalid UTF-8")
            }
            if inbox.push(message), let wsi {
                state.withLock { $0.rxPaused = true }
                lws_rx_flow_control(wsi, 0)
            }
            return 0
        }
    }

    /// Closes because of a rule of this side (oversize, bad UTF-8, ping timeout).
    ///
    /// The close goes out from the writeable callback like any other close: returning -1 from
    /// inside the receive path of libwebsockets 4.1 can free the rx buffer twice.
    func closeLocally(wsi: OpaquePointer?, code: UInt16, reason: String) -> Int32 {
        state.withLock { state in
            guard state.phase == .open || state.phase == .closing else { return }
            state.phase = .closing
            state.outbound = []
            state.outboundHead = 0
            state.queuedBytes = 0
            state.closeRequest = (code, reason)
            state.discarding = true
        }
        if let wsi { lws_callback_on_writable(wsi) }
        return 0
    }

    enum WriteStep {
        case none
        case close(UInt16, String)
        case ping
        case message(Outbound, more: Bool)
    }

    func onWriteable(wsi: OpaquePointer?) -> Int32 {
        guard let wsi else { return 0 }
        let step = state.withLock { state -> WriteStep in
            if state.pingDue {
                state.pingDue = false
                return .ping
            }
            guard state.pendingOutbound > 0 else {
                // Close only after everything queued before the close request went out.
                guard let request = state.closeRequest else { return .none }
                state.closeRequest = nil
                state.localClose = WebSocketCloseInfo(code: request.code, reason: request.reason, initiator: .local)
                return .close(request.code, request.reason)
            }
            let item = state.outbound[state.outboundHead]
            state.outboundHead += 1
            state.queuedBytes -= item.buffer.count - pre
            if state.outboundHead == state.outbound.count {
                state.outbound.removeAll(keepingCapacity: state.outbound.count <= 256)
                state.outboundHead = 0
            } else if state.outboundHead >= 64 && state.outboundHead * 2 >= state.outbound.count {
                state.outbound.removeFirst(state.outboundHead)
                state.outboundHead = 0
            }
            return .message(item, more: state.pendingOutbound > 0 || state.closeRequest != nil)
        }
        switch step {
        case .none:
            return 0
        case .close(let code, let reason):
            Array(reason.utf8).withUnsafeBufferPointer { csb_lws_close_reason(wsi, Int32(code), $0.baseAddress, $0.count) }
            return -1
        case .ping:
            var buffer = [UInt8](repeating: 0, count: pre)
            let written = buffer.withUnsafeMutableBufferPointer { csb_lws_write(wsi, $0.baseAddress! + pre, 0, Int32(CSB_LWS_WRITE_PING)) }
            if written < 0 { return -1 }
            if state.withLock({ $0.pendingOutbound > 0 || $0.closeRequest != nil }) { lws_callback_on_writable(wsi) }
            return 0
        case .message(var item, let more):
            let length = item.buffer.count - pre
            let written = item.buffer.withUnsafeMutableBufferPointer { csb_lws_write(wsi, $0.baseAddress! + pre, length, item.kind) }
            if written < length {
                logger.warning("closing: a write to the socket failed")
                return -1
            }
            if more || state.withLock({ $0.pingDue }) { lws_callback_on_writable(wsi) }
            return 0
        }
    }

    func onPeerClose(input: UnsafeMutableRawPointer?, length: Int) {
        var code = WebSocketCloseInfo.normalClosure
        var reason = ""
        if let input, length >= 2 {
            let bytes = UnsafeRawBufferPointer(start: input, count: length)
            code = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            reason = String(decoding: bytes[2...], as: UTF8.self)
        } else if length < 2 {
            code = 1005
        }
        state.withLock { $0.peerClose = WebSocketCloseInfo(code: code, reason: reason, initiator: .peer) }
    }

    func onTimer(wsi: OpaquePointer?) -> Int32 {
        guard let wsi, let tick = timerTick else { return 0 }
        let ping = Duration.seconds(configuration.pingIntervalSeconds)
        let pongTimeout = Duration.seconds(configuration.pongTimeoutSeconds)
        enum Step { case idle, ping, dead }
        let now = ContinuousClock.now
        let step = state.withLock { state -> Step in
            guard state.phase == .open else { return .idle }
            if let sent = state.pingSentAt {
                return now - sent >= pongTimeout ? .dead : .idle
            }
            if now - state.lastReceive >= ping {
                state.pingDue = true
                state.pingSentAt = now
                return .ping
            }
            return .idle
        }
        switch step {
        case .dead:
            logger.warning("closing: no data or pong after a ping", metadata: ["timeoutSeconds": "\(configuration.pongTimeoutSeconds)"])
            return closeLocally(wsi: wsi, code: WebSocketCloseInfo.internalError, reason: "ping timeout")
        case .ping:
            lws_callback_on_writable(wsi)
        case .idle:
            break
        }
        lws_set_timer_usecs(wsi, tick)
        return 0
    }

    /// The connection is over (closed, failed, or destroyed): record why, end the stream, stop the thread.
    func finish(wsi: OpaquePointer?) {
        let handle = wsi.map(LWSHandle.init)
        let outcome = state.withLock { state -> (CheckedContinuation<Void, any Error>?, WebSocketError?)? in
            // Before connect returned there is no wsi to compare with: any failure is ours.
            guard state.phase != .closed, state.wsi == nil || handle == state.wsi else { return nil }
            let wasConnecting = state.phase == .connecting
            state.phase = .closed
            state.wsi = nil
            state.outbound = []
            state.outboundHead = 0
            state.queuedBytes = 0
            let transportReason = state.connectError ?? "connection lost"
            state.closeInfo = state.localClose ?? state.peerClose
                ?? WebSocketCloseInfo(code: WebSocketCloseInfo.abnormalClosure, reason: transportReason, initiator: .transport)
            guard wasConnecting else { return (nil, nil) }
            let error = WebSocketError(.connectFailed, transportReason)
            state.connectResult = .failure(error)
            defer { state.connectWaiter = nil }
            return (state.connectWaiter, error)
        }
        guard let outcome else { return }
        inbox.finish()
        thread?.requestExit()
        if let waiter = outcome.0, let error = outcome.1 { waiter.resume(throwing: error) }
    }
}
