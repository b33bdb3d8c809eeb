import Synchronization

/// The bounded buffer between the service thread (producer) and one consuming task.
///
/// When it fills up the producer is told to pause reading (`lws_rx_flow_control`); once the
/// consumer has drained it to half, `onResume` asks the service thread to read again. TCP flow
/// control then pushes back on the peer, so a slow consumer never grows memory without bound.
final class WebSocketInbox: Sendable {
    private struct State {
        var buffer: [WebSocketMessage] = []
        var head = 0
        var waiter: CheckedContinuation<WebSocketMessage?, Never>?
        var finished = false
        var paused = false
        var count: Int { buffer.count - head }

        mutating func pop() -> WebSocketMessage {
            let message = buffer[head]
            head += 1
            if head >= 64 && head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return message
        }
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let resumeHandler = Mutex<(@Sendable () -> Void)?>(nil)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Sets what is called (on the consumer's thread) when reading may resume.
    func onResume(_ handler: @escaping @Sendable () -> Void) {
        resumeHandler.withLock { $0 = handler }
    }

    private func onResume() {
        resumeHandler.withLock { $0 }?()
    }

    /// Service thread: delivers one message; returns `true` when reading must pause.
    func push(_ message: WebSocketMessage) -> Bool {
        let (waiter, pause): (CheckedContinuation<WebSocketMessage?, Never>?, Bool) = state.withLock { state in
            if state.finished { return (nil, false) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            state.buffer.append(message)
            if state.count >= capacity && !state.paused {
                state.paused = true
                return (nil, true)
            }
            return (nil, false)
        }
        waiter?.resume(returning: message)
        return pause
    }

    /// Ends the sequence after the buffered messages are consumed.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next message, or `nil` once the connection is closed and the buffer empty (or the task is cancelled).
    func next() async -> WebSocketMessage? {
        if let (message, resume) = popIfAvailable() {
            if resume { onResume() }
            return message
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WebSocketMessage?, Never>) in
                enum Outcome { case wait, value(WebSocketMessage, Bool), end }
                let outcome: Outcome = state.withLock { state in
                    if state.count > 0 {
                        let message = state.pop()
                        return .value(message, resumeIfDrained(&state))
                    }
                    if state.finished || Task.isCancelled { return .end }
                    state.waiter = continuation
                    return .wait
                }
                switch outcome {
                case .wait: break
                case .end: continuation.resume(returning: nil)
                case .value(let message, let resume):
                    if resume { onResume() }
                    continuation.resume(returning: message)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    private func popIfAvailable() -> (WebSocketMessage, Bool)? {
        state.withLock { state in
            guard state.count > 0 else { return nil }
            let message = state.pop()
            return (message, resumeIfDrained(&state))
        }
    }

    private func resumeIfDrained(_ state: inout State) -> Bool {
        guard state.paused, state.count <= capacity / 2 else { return false }
        state.paused = false
        return true
    }
}
