import Logging
import SwitchboardEvents
import SwitchboardWebSocket
import Synchronization

/// A handler for a method the server invokes on this client; its return value becomes the
/// Completion result when the server expects one.
public typealias HubMethodHandler = @Sendable (_ arguments: [JSONValue]) async throws -> JSONValue?

/// A SignalR hub client speaking the JSON hub protocol over the libwebsockets WebSocket client.
///
/// ```swift
/// let client = SignalRClient(configuration: SignalRConfiguration(hubURL: "https://hub.example.net/hub"))
/// client.on("BlocEvent") { arguments in ...; return nil }
/// client.onReconnected { try await client.invoke("SubscribeBlocNotifications", arguments: [.string(bloc)]) }
/// try await client.start()
/// try client.send("SetVariable", arguments: [.string(contextId), "PICKUP_OPERATOR", .string(operatorId)])
/// ```
///
/// Server invocations are handled one at a time, in arrival order, on a task of their own next to
/// the reading task, so a handler may `invoke` and await the Completion; when 1,024 invocations wait
/// for a slow handler, reading pauses (backpressure). `send` and `invoke` may be called from any task. After a lost connection the client reconnects with backoff and
/// jitter; SignalR group membership does not survive that, hence `onReconnected`.
public final class SignalRClient: Sendable {
    /// Supplies the bearer token for each connect attempt; `nil` means none. `refresh` is `true` when
    /// the previous attempt was refused as unauthorized, so a cached JWT must be replaced.
    public typealias AccessTokenProvider = @Sendable (_ refresh: Bool) async throws -> String?

    struct Core {
        var state = SignalRState.idle
        var current: HubConnectionHandle?
        var stopRequested = false
        var terminalError: SignalRError?
        var runTask: Task<Void, Never>?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var finished = false
    }

    let configuration: SignalRConfiguration
    let accessTokenProvider: AccessTokenProvider?
    let logger: Logger
    let core = Mutex(Core())
    let pending = PendingInvocations()
    let statisticsBox = Mutex(SignalRStatistics())
    let handlers = Mutex<[String: HubMethodHandler]>([:])
    let reconnectedHook = Mutex<ThrowingAsyncCallback<Void>?>(nil)
    let lastAttemptUnauthorized = Mutex(false)

    /// Creates a client; nothing happens until `start`.
    public init(configuration: SignalRConfiguration, accessTokenProvider: AccessTokenProvider? = nil, logger: Logger = Logger(label: "switchboard.signalr")) {
        self.configuration = configuration
        self.accessTokenProvider = accessTokenProvider
        var logger = logger
        if let url = try? WebSocketURL(configuration.hubURL) { logger[metadataKey: "hub"] = "\(url)" }
        self.logger = logger
    }

    /// Registers the handler for server invocations of `method` (matched case-insensitively).
    public func on(_ method: String, _ handler: @escaping HubMethodHandler) {
        handlers.withLock { $0[method.lowercased()] = handler }
    }

    /// Sets the hook run after every successful reconnect, before the state becomes `.connected`.
    /// Invocations made inside it work (the connection is already reading). If it throws, the
    /// connection is closed and another reconnect follows.
    public func onReconnected(_ hook: @escaping @Sendable () async throws -> Void) {
        reconnectedHook.withLock { $0 = ThrowingAsyncCallback { _ in try await hook() } }
    }

    /// The current state.
    public var state: SignalRState { core.withLock { $0.state } }

    /// A snapshot of the counters.
    public var statistics: SignalRStatistics { statisticsBox.withLock { $0 } }

    /// Connects (negotiate, WebSocket, handshake) and keeps the connection alive in the background.
    ///
    /// - Throws: the first attempt's `SignalRError`; there is no automatic retry of a failed start.
    public func start() async throws(SignalRError) {
        let allowed = core.withLock { core -> Bool in
            guard core.state == .idle else { return false }
            core.state = .connecting
            return true
        }
        guard allowed else { throw SignalRError(.invalidConfiguration, "start may only be called once") }
        do throws(SignalRError) {
            try configuration.validate()
            let connected = try await connectOnce()
            let launched = core.withLock { core -> Bool in
                guard !core.stopRequested else { return false }
                core.current = connected.handle
                core.state = .connected
                core.runTask = Task { await self.run(first: connected) }
                return true
            }
            if !launched {
                await connected.handle.socket.close()
                throw SignalRError(.stopped, "stopped while connecting")
            }
            logger.info("SignalR hub connected")
        } catch {
            core.withLock { core in
                if core.state == .connecting { core.state = .idle }
            }
            throw error
        }
    }

    /// Stops: closes the connection, ends reconnect attempts, fails waiting invocations. Idempotent.
    public func stop() async {
        let (handle, task) = core.withLock { core -> (HubConnectionHandle?, Task<Void, Never>?) in
            core.stopRequested = true
            if core.state != .stopped { core.state = .stopped }
            return (core.current, core.runTask)
        }
        if let handle { await handle.socket.close() }
        task?.cancel()
        await task?.value
        pending.failAll(SignalRError(.stopped, "the client was stopped"))
        finish(nil)
    }

    /// Waits until the client has stopped for good.
    /// - Throws: why, when it was not `stop()` (server Close without reconnect, reconnects exhausted).
    public func waitUntilStopped() async throws(SignalRError) {
        await withCheckedContinuation { continuation in
            let done = core.withLock { core -> Bool in
                if !core.finished { core.stopWaiters.append(continuation) }
                return core.finished
            }
            if done { continuation.resume() }
        }
        if let error = core.withLock({ $0.terminalError }) { throw error }
    }

    /// Invokes a hub method without waiting for a result (no invocation id: fire-and-forget).
    /// - Throws: `.notConnected` while reconnecting or stopped, `.sendFailed` when the send queue is full.
    public func send(_ method: String, arguments: [JSONValue]) throws(SignalRError) {
        try write(HubMessageEncoder.invocation(HubInvocation(target: method, arguments: arguments)))
    }

    /// Invokes a hub method and waits for its Completion.
    /// - Returns: the result, `nil` for a void method.
    /// - Throws: `.invocationFailed` with the hub's error text, `.invocationTimedOut`, `.connectionLost`, `.notConnected`.
    public func invoke(_ method: String, arguments: [JSONValue], timeoutSeconds: Double? = nil) async throws(SignalRError) -> JSONValue? {
        let id = pending.nextId()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds ?? configuration.invocationTimeoutSeconds)
        let record = HubMessageEncoder.invocation(HubInvocation(invocationId: id, target: method, arguments: arguments))
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: PendingInvocations.Waiter) in
                pending.register(id, target: method, deadline: deadline, waiter: waiter)
                do throws(SignalRError) {
                    try write(record)
                } catch {
                    pending.resolve(id, .failure(error))
                }
                if Task.isCancelled { pending.resolve(id, .failure(SignalRError(.stopped, "the invoking task was cancelled"))) }
            }
        } onCancel: {
            pending.resolve(id, .failure(SignalRError(.stopped, "the invoking task was cancelled")))
        }
        return try result.get()
    }

    func write(_ record: [UInt8]) throws(SignalRError) {
        guard let handle = core.withLock({ $0.current }) else {
            throw SignalRError(.notConnected, "no hub connection is open")
        }
        do {
            try handle.socket.send(utf8Text: record)
        } catch {
            throw SignalRError(error.code == .sendQueueFull ? .sendFailed : .notConnected, error.message)
        }
        handle.touchSent()
    }

    func count(_ change: (inout SignalRStatistics) -> Void) {
        statisticsBox.withLock { change(&$0) }
    }

    func finish(_ error: SignalRError?) {
        let waiters = core.withLock { core -> [CheckedContinuation<Void, Never>] in
            guard !core.finished else { return [] }
            core.finished = true
            core.state = .stopped
            core.current = nil
            if core.terminalError == nil { core.terminalError = error }
            defer { core.stopWaiters = [] }
            return core.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
