import Logging
import SwitchboardEvents
import SwitchboardWebSocket

/// A connection that finished its handshake, with whatever arrived behind the handshake reply.
struct ConnectedHub: Sendable {
    let handle: HubConnectionHandle
    let reader: HubRecordReader
    let leftover: [[UInt8]]
}

extension SignalRClient {
    enum ConnectionOutcome {
        case stopped
        case closedByServer(error: String?, allowReconnect: Bool)
        case lost(String)
    }

    // MARK: Connecting

    /// Negotiates (unless skipped), opens the WebSocket and completes the handshake.
    func connectOnce() async throws(SignalRError) -> ConnectedHub {
        do {
            return try await attemptConnection()
        } catch {
            lastAttemptUnauthorized.withLock { $0 = error.code == .unauthorized }
            throw error
        }
    }

    private func attemptConnection() async throws(SignalRError) -> ConnectedHub {
        let refresh = lastAttemptUnauthorized.withLock { flag in
            defer { flag = false }
            return flag
        }
        let token: String?
        do {
            token = try await accessTokenProvider?(refresh) ?? configuration.accessToken
        } catch {
            throw SignalRError(.negotiateFailed, "the access-token provider failed: \(type(of: error))")
        }
        let endpoint: NegotiatedEndpoint =
            if configuration.skipNegotiation {
                NegotiatedEndpoint(hubURL: configuration.hubURL, connectionToken: nil, accessToken: token)
            } else {
                try await Negotiator(configuration: configuration, logger: logger).negotiate(accessToken: token)
            }
        var headers = configuration.headers
        if let bearer = endpoint.accessToken { headers["Authorization"] = "Bearer \(bearer)" }
        let socketConfiguration = WebSocketConfiguration(
            url: try endpoint.webSocketURL(),
            headers: headers,
            caFile: configuration.caFile,
            // Several records may share one message; the record limit itself is enforced by the reader.
            maximumMessageBytes: configuration.maximumRecordBytes * 4,
            connectTimeoutSeconds: configuration.connectTimeoutSeconds,
            // SignalR has its own keep-alive and server timeout; WebSocket pings would only add traffic.
            pingIntervalSeconds: 0
        )
        let socket: WebSocketConnection
        do {
            socket = try await WebSocketConnection.connect(socketConfiguration, logger: logger)
        } catch {
            throw SignalRError(.transportFailed, error.message)
        }
        do {
            return try await handshake(socket)
        } catch {
            await socket.close()
            throw error
        }
    }

    private func handshake(_ socket: WebSocketConnection) async throws(SignalRError) -> ConnectedHub {
        do {
            try socket.send(utf8Text: HubMessageEncoder.handshake)
        } catch {
            throw SignalRError(.handshakeFailed, "could not send the handshake: \(error.message)")
        }
        let timeout = configuration.handshakeTimeoutSeconds
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            await socket.close(code: WebSocketCloseInfo.normalClosure, reason: "handshake timeout")
        }
        defer { watchdog.cancel() }
        var reader = HubRecordReader(maximumRecordBytes: configuration.maximumRecordBytes)
        var records: [[UInt8]] = []
        var iterator = socket.messages.makeAsyncIterator()
        var violation: HubProtocolViolation?
        while records.isEmpty {
            guard let message = await iterator.next() else {
                let info = socket.closeInfo.map { " (\($0))" } ?? ""
                throw SignalRError(.handshakeFailed, watchdog.isCancelled ? "closed during the handshake\(info)" : "no handshake reply within \(timeout) s or closed\(info)")
            }
            feed(message, into: &reader) { result in
                switch result {
                case .success(let record): records.append(Array(record))
                case .failure(let error): violation = error
                }
            }
            if let violation { throw SignalRError(.handshakeFailed, "malformed handshake reply: \(violation.detail)") }
        }
        let reply = records.removeFirst()
        guard let object = try? JSONValue.parse(reply).objectValue else {
            throw SignalRError(.handshakeFailed, "the handshake reply is not a JSON object")
        }
        if let error = object["error"]?.stringValue {
            throw SignalRError(.handshakeFailed, "the server refused the handshake: \(error.prefix(200))")
        }
        return ConnectedHub(handle: HubConnectionHandle(socket: socket), reader: reader, leftover: records)
    }

    func feed(_ message: WebSocketMessage, into reader: inout HubRecordReader, emit: (Result<ArraySlice<UInt8>, HubProtocolViolation>) -> Void) {
        switch message {
        case .text(var text):
            text.withUTF8 { buffer in reader.feed(UnsafeRawBufferPointer(buffer), emit: emit) }
        case .binary(let bytes):
            reader.feed(bytes, emit: emit)
        }
    }
}
