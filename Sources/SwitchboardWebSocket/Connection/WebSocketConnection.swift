import CSwitchboardShim
import Logging

/// A WebSocket client connection on libwebsockets, with its own service thread.
///
/// ```swift
/// let connection = try await WebSocketConnection.connect(WebSocketConfiguration(url: "wss://example.net/events"))
/// try connection.send(text: "hello")
/// for await message in connection.messages { ... }
/// print(connection.closeInfo ?? "open")
/// ```
///
/// `send` is synchronous and thread-safe: it queues the message and wakes the service thread,
/// which writes it in the writeable callback. Call `close()` when done; dropping the last
/// reference also ends the connection, without waiting.
public final class WebSocketConnection: Sendable {
    private let session: WebSocketSession
    private let serviceThread: LWSServiceThread

    /// The incoming messages; the sequence ends when the connection closes.
    public let messages: WebSocketMessages

    /// The URL connected to (query left out when printed).
    public let url: WebSocketURL

    private init(session: WebSocketSession, serviceThread: LWSServiceThread, url: WebSocketURL) {
        self.session = session
        self.serviceThread = serviceThread
        self.messages = WebSocketMessages(inbox: session.inbox)
        self.url = url
    }

    deinit {
        session.requestClose(code: WebSocketCloseInfo.goingAway, reason: "")
    }

    /// Opens a connection: TCP, TLS for `wss://`, and the upgrade with the configured headers.
    ///
    /// - Throws: `WebSocketError` (`.invalidURL`, `.invalidConfiguration`, `.contextCreationFailed`,
    ///   `.connectFailed`, `.timedOut`).
    public static func connect(
        _ configuration: WebSocketConfiguration,
        logger: Logger = Logger(label: "switchboard.websocket")
    ) async throws(WebSocketError) -> WebSocketConnection {
        try configuration.validate()
        let url = try configuration.resolvedURL()
        var logger = logger
        logger[metadataKey: "url"] = "\(url)"
        let session = WebSocketSession(configuration: configuration, logger: logger)
        let serviceThread = LWSServiceThread(handler: session)
        session.attach(serviceThread)
        let timeout = UInt32(configuration.connectTimeoutSeconds.rounded(.up))
        let context = try serviceThread.createContext(caFile: configuration.caFile, timeoutSeconds: timeout, usesTLS: url.usesTLS)
        let wsi = url.host.withCString { address in
            url.pathAndQuery.withCString { path in
                url.hostHeader.withCString { host in
                    csb_lws_client_connect(context, address, Int32(url.port), url.usesTLS ? 1 : 0, path, host, nil, nil)
                }
            }
        }
        guard let wsi else {
            serviceThread.destroyWithoutRunning()
            throw WebSocketError(.connectFailed, "libwebsockets refused to start a connection to \(url)")
        }
        session.setConnection(wsi)
        serviceThread.run(name: configuration.threadName)
        let connection = WebSocketConnection(session: session, serviceThread: serviceThread, url: url)
        let watchdog = Task {
            // libwebsockets has its own connect timeouts; this only guards against a stuck handshake.
            try await Task.sleep(for: .seconds(configuration.connectTimeoutSeconds + 2))
            session.failConnect(WebSocketError(.timedOut, "no WebSocket handshake within \(configuration.connectTimeoutSeconds) s"))
        }
        defer { watchdog.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await session.waitUntilOpen()
            } onCancel: {
                session.failConnect(WebSocketError(.connectFailed, "the connecting task was cancelled"))
            }
        } catch let error as WebSocketError {
            await serviceThread.terminated()
            throw error
        } catch {
            await serviceThread.terminated()
            throw WebSocketError(.connectFailed, "\(error)")
        }
        logger.debug("WebSocket connected")
        return connection
    }

    /// Queues a text message.
    /// - Throws: `.notConnected` once closing/closed, `.sendQueueFull` when the queue is over its byte limit.
    public func send(text: String) throws(WebSocketError) {
        var text = text
        try text.withUTF8 { buffer in
            Result { () throws(WebSocketError) in try session.enqueue(UnsafeRawBufferPointer(buffer), kind: Int32(CSB_LWS_WRITE_TEXT)) }
        }.get()
    }

    /// Queues a text message given as UTF-8 bytes (the caller guarantees they are valid UTF-8).
    public func send(utf8Text bytes: [UInt8]) throws(WebSocketError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(WebSocketError) in try session.enqueue(buffer, kind: Int32(CSB_LWS_WRITE_TEXT)) }
        }.get()
    }

    /// Queues a binary message.
    public func send(binary bytes: [UInt8]) throws(WebSocketError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(WebSocketError) in try session.enqueue(buffer, kind: Int32(CSB_LWS_WRITE_BINARY)) }
        }.get()
    }

    /// `true` while messages can be sent.
    public var isOpen: Bool {
        session.state.withLock { $0.phase == .open }
    }

    /// Why the connection ended, once it has.
    public var closeInfo: WebSocketCloseInfo? {
        session.state.withLock { $0.closeInfo }
    }

    /// Sends a close frame (after the messages already queued) and waits until the service thread is gone.
    public func close(code: UInt16 = WebSocketCloseInfo.normalClosure, reason: String = "") async {
        session.requestClose(code: code, reason: reason)
        await serviceThread.terminated()
    }

    /// Waits until the connection has ended for any reason and the service thread is gone.
    public func closed() async -> WebSocketCloseInfo {
        await serviceThread.terminated()
        return session.state.withLock { $0.closeInfo }
            ?? WebSocketCloseInfo(code: WebSocketCloseInfo.abnormalClosure, reason: "", initiator: .transport)
    }
}
