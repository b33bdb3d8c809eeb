import Logging
import SwitchboardEvents
import SwitchboardWebSocket

/// Serving connections: reading records, handling messages, keep-alive, and reconnecting.
extension SignalRClient {
    /// Serves connections until stopped, reconnecting after each loss.
    func run(first: ConnectedHub) async {
        var next: ConnectedHub? = first
        var isReconnect = false
        while let connected = next {
            let outcome = await serve(connected, isReconnect: isReconnect)
            core.withLock { core in
                if core.current === connected.handle { core.current = nil }
            }
            pending.failAll(SignalRError(.connectionLost, "the hub connection was lost before the Completion arrived"))
            switch outcome {
            case .stopped:
                finish(nil)
                return
            case .closedByServer(let error, false):
                logger.warning("the server closed the connection and does not allow a reconnect", metadata: ["error": "\(error ?? "")"])
                finish(SignalRError(.closedByServer, error ?? "the server closed the connection"))
                return
            case .closedByServer(let error, true):
                logger.notice("the server closed the connection; reconnecting", metadata: ["error": "\(error ?? "")"])
            case .lost(let reason):
                logger.warning("hub connection lost; reconnecting", metadata: ["reason": "\(reason)"])
            }
            next = await reconnect()
            isReconnect = true
        }
    }

    func reconnect() async -> ConnectedHub? {
        let proceed = core.withLock { core -> Bool in
            guard !core.stopRequested else { return false }
            core.state = .reconnecting
            return true
        }
        guard proceed else {
            finish(nil)
            return nil
        }
        let policy = configuration.reconnect
        var attempt = 0
        let lostAt = ContinuousClock.now
        while true {
            if let maximum = policy.maximumAttempts, attempt >= maximum {
                finish(SignalRError(.reconnectExhausted, "gave up after \(attempt) reconnect attempts"))
                return nil
            }
            let delay = policy.delay(attempt: attempt)
            do {
                try await Task.sleep(for: .seconds(delay))
            } catch {
                finish(nil)
                return nil
            }
            if core.withLock({ $0.stopRequested }) {
                finish(nil)
                return nil
            }
            attempt += 1
            do {
                let connected = try await connectOnce()
                let kept = core.withLock { core -> Bool in
                    guard !core.stopRequested else { return false }
                    core.current = connected.handle
                    return true
                }
                guard kept else {
                    await connected.handle.socket.close()
                    finish(nil)
                    return nil
                }
                count { $0.reconnects += 1 }
                logger.info("SignalR hub reconnected", metadata: [
                    "attempts": "\(attempt)", "gap": "\(ContinuousClock.now - lostAt)",
                ])
                return connected
            } catch {
                count { $0.failedAttempts += 1 }
                logger.warning("reconnect attempt failed", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
        }
    }

    /// Reads one connection until it ends; runs the keep-alive monitor and, after a reconnect, the hook.
    func serve(_ connected: ConnectedHub, isReconnect: Bool) async -> ConnectionOutcome {
        let handle = connected.handle
        let monitor = Task { await self.monitor(handle) }
        defer { monitor.cancel() }
        var hookTask: Task<Void, Never>?
        if isReconnect, let hook = reconnectedHook.withLock({ $0 }) {
            hookTask = Task {
                do {
                    try await hook(())
                    self.markConnected(handle)
                } catch {
                    self.logger.warning("the onReconnected hook failed; closing to retry", metadata: ["error": "\(error)"])
                    handle.end(.hookFailed("\(error)"))
                    await handle.socket.close()
                }
            }
        } else {
            markConnected(handle)
        }
        defer { hookTask?.cancel() }

        let invocations = InvocationQueue(capacity: 1024)
        let handlerTask = Task {
            while let invocation = await invocations.next() {
                await self.handleInvocation(invocation)
            }
        }
        defer { invocations.finish() }

        var reader = connected.reader
        var iterator = handle.socket.messages.makeAsyncIterator()
        var records: [Result<ArraySlice<UInt8>, HubProtocolViolation>] = connected.leftover.map { .success($0[...]) }
        var closeRequested = false
        reading: while true {
            for result in records {
                if await process(result, handle: handle, invocations: invocations) {
                    closeRequested = true
                    break reading
                }
            }
            records.removeAll(keepingCapacity: true)
            guard let message = await iterator.next() else { break }
            handle.touchReceived()
            feed(message, into: &reader) { records.append($0) }
        }
        if closeRequested { await handle.socket.close() }
        // Events already received are still handled (in order) before reconnecting.
        invocations.finish()
        await handlerTask.value
        let info = await handle.socket.closed()
        if info.code == WebSocketCloseInfo.messageTooBig || info.code == WebSocketCloseInfo.invalidPayload {
            violation(HubProtocolViolation(.transportViolation, "the WebSocket closed with \(info.code) (\(info.reason))"))
        }
        if core.withLock({ $0.stopRequested }) { return .stopped }
        switch handle.ending.withLock({ $0 }) {
        case .serverClose(let error, let allowReconnect)?: return .closedByServer(error: error, allowReconnect: allowReconnect)
        case .serverTimeout?: return .lost("no message from the server for \(configuration.serverTimeoutSeconds) s")
        case .hookFailed(let reason)?: return .lost("onReconnected failed: \(reason)")
        case nil: return .lost("\(info)")
        }
    }

    func markConnected(_ handle: HubConnectionHandle) {
        core.withLock { core in
            if core.current === handle && !core.stopRequested { core.state = .connected }
        }
    }

    /// Handles one record; returns `true` when the connection must close (server Close).
    func process(_ result: Result<ArraySlice<UInt8>, HubProtocolViolation>, handle: HubConnectionHandle, invocations: InvocationQueue) async -> Bool {
        let message: HubMessage
        do {
            message = try HubMessageDecoder.decode(try result.get(), maximumBytes: configuration.maximumRecordBytes)
        } catch {
            violation(error)
            return false
        }
        count { $0.messagesReceived += 1 }
        switch message {
        case .invocation(let invocation):
            await invocations.push(invocation)
        case .completion(let completion):
            let outcome = completion.outcome.mapError { SignalRError(.invocationFailed, $0.message) }
            if !pending.resolve(completion.invocationId, outcome) {
                count { $0.unmatchedCompletions += 1 }
                logger.debug("a Completion for an invocation nobody waits for", metadata: ["invocationId": "\(completion.invocationId.prefix(32))"])
            }
        case .ping, .ignored:
            break
        case .close(let error, let allowReconnect):
            handle.end(.serverClose(error: error, allowReconnect: allowReconnect))
            return true
        }
        return false
    }

    func violation(_ violation: HubProtocolViolation) {
        count { $0.protocolViolations += 1 }
        logger.warning("SignalR protocol violation", metadata: ["code": "\(violation.code.rawValue)", "detail": "\(violation.detail)"])
    }

    func handleInvocation(_ invocation: HubInvocation) async {
        let handler = handlers.withLock { $0[invocation.target] ?? $0[invocation.target.lowercased()] }
        guard let handler else {
            count { $0.unhandledInvocations += 1 }
            if let id = invocation.invocationId {
                try? write(HubMessageEncoder.completion(HubCompletion(invocationId: id, outcome: .failure(HubInvocationError("Client didn't provide a result.")))))
            } else {
                logger.debug("no handler for a server invocation", metadata: ["target": "\(invocation.target.prefix(64))"])
            }
            return
        }
        do {
            let value = try await handler(invocation.arguments)
            if let id = invocation.invocationId {
                try? write(HubMessageEncoder.completion(HubCompletion(invocationId: id, outcome: .success(value))))
            }
        } catch {
            logger.warning("a hub method handler failed", metadata: ["target": "\(invocation.target.prefix(64))", "error": "\(error)"])
            if let id = invocation.invocationId {
                try? write(HubMessageEncoder.completion(HubCompletion(invocationId: id, outcome: .failure(HubInvocationError("\(error)")))))
            }
        }
    }

    /// Sends Pings when nothing was sent for the keep-alive interval, drops a silent server, expires invocations.
    func monitor(_ handle: HubConnectionHandle) async {
        let keepAlive = Duration.seconds(configuration.keepAliveIntervalSeconds)
        let serverTimeout = Duration.seconds(configuration.serverTimeoutSeconds)
        let tick = Duration.seconds(max(0.02, min(configuration.keepAliveIntervalSeconds, configuration.serverTimeoutSeconds) / 5))
        while !Task.isCancelled {
            do { try await Task.sleep(for: tick) } catch { return }
            let now = ContinuousClock.now
            pending.expire(now: now)
            let timing = handle.timing.withLock { $0 }
            if now - timing.lastReceived >= serverTimeout {
                count { $0.serverTimeouts += 1 }
                logger.warning("server timeout: closing to reconnect", metadata: ["seconds": "\(configuration.serverTimeoutSeconds)"])
                handle.end(.serverTimeout)
                await handle.socket.close(code: WebSocketCloseInfo.normalClosure, reason: "server timeout")
                return
            }
            if now - timing.lastSent >= keepAlive {
                do {
                    try handle.socket.send(utf8Text: HubMessageEncoder.ping)
                    handle.touchSent()
                    count { $0.pingsSent += 1 }
                } catch {
                    return
                }
            }
        }
    }
}
