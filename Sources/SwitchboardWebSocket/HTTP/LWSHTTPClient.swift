import CSwitchboardShim
import Logging

/// A plain HTTP/1.1 request, sent with libwebsockets' HTTP client (so `https` uses the same TLS
/// setup and CA store as `wss`). Meant for small control-plane calls such as SignalR negotiate.
public struct LWSHTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// `http://` or `https://` URL.
    public var url: String
    /// Request headers (values are never logged).
    public var headers: [String: String]
    /// The request body; sent with `Content-Length`.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The status and body of a response.
public struct LWSHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The response body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Sends one-off HTTP requests over libwebsockets; each request gets its own short-lived context.
public struct LWSHTTPClient: Sendable {
    /// A PEM CA file for `https` instead of the system store.
    public var caFile: String?
    /// Seconds for the whole exchange.
    public var timeoutSeconds: Double
    /// Largest response body accepted.
    public var maximumResponseBytes: Int

    /// Creates a client.
    public init(caFile: String? = nil, timeoutSeconds: Double = 15, maximumResponseBytes: Int = 1024 * 1024) {
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Sends `request` and returns the response whatever its status.
    ///
    /// - Throws: `WebSocketError` with `.invalidURL`, `.invalidConfiguration` (bad header),
    ///   `.httpFailed` (connection or protocol failure, body too large) or `.timedOut`.
    public func send(_ request: LWSHTTPRequest) async throws(WebSocketError) -> LWSHTTPResponse {
        let url = try WebSocketURL(request.url)
        try WebSocketConfiguration.validateHeaders(request.headers)
        guard !request.method.isEmpty, request.method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw WebSocketError(.invalidConfiguration, "invalid HTTP method")
        }
        let exchange = LWSHTTPExchange(request: request, maximumResponseBytes: maximumResponseBytes)
        let serviceThread = LWSServiceThread(handler: exchange)
        exchange.attach(serviceThread)
        let context = try serviceThread.createContext(caFile: caFile, timeoutSeconds: UInt32(timeoutSeconds.rounded(.up)), usesTLS: url.usesTLS)
        let wsi = url.host.withCString { address in
            url.pathAndQuery.withCString { path in
                url.hostHeader.withCString { host in
                    request.method.withCString { method in
                        csb_lws_client_connect(context, address, Int32(url.port), url.usesTLS ? 1 : 0, path, host, method, nil)
                    }
                }
            }
        }
        guard let wsi else {
            serviceThread.destroyWithoutRunning()
            throw WebSocketError(.httpFailed, "libwebsockets refused to start a request to \(url.description.replacingWSScheme())")
        }
        exchange.setConnection(wsi)
        serviceThread.run(name: "sb-http-client")
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeoutSeconds))
            exchange.fail(WebSocketError(.timedOut, "no complete HTTP response within \(timeoutSeconds) s"))
        }
        defer { watchdog.cancel() }
        let result = await withTaskCancellationHandler {
            await exchange.result()
        } onCancel: {
            exchange.fail(WebSocketError(.httpFailed, "the request was cancelled"))
        }
        await serviceThread.terminated()
        return try result.get()
    }
}

extension String {
    /// `ws(s)://` → `http(s)://` for messages about plain HTTP requests.
    func replacingWSScheme() -> String {
        if hasPrefix("wss://") { return "https://" + dropFirst(6) }
        if hasPrefix("ws://") { return "http://" + dropFirst(5) }
        return self
    }
}
