import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SwitchboardEvents
import SwitchboardRules

/// The Telnect REST API of one account: calls, call actions, history and phone lines.
///
/// Every request carries `Authorization: Bearer <token>`. The account's `X-RateLimit-*` window
/// is honoured before each attempt. Requests that cannot do anything twice — `GET`, `DELETE`,
/// and the hold/resume/mute/unmute actions, which set a state — are retried on 5xx, 408, 429
/// (after `Retry-After`) and transport failures. `POST /Calls`, `POST /Phones` and `transfer`
/// are retried only on 429: after a 5xx or a lost answer the call may already be ringing (or
/// transferred), and repeating it would do it twice. Other 4xx are never retried.
public final class TelnectClient: Sendable {
    public let configuration: TelnectConfiguration
    private let http: RetryingHTTP
    private let rateLimit: TelnectRateLimit
    private let logger: Logger
    private let root: String

    /// The largest answer read (history pages are the big ones).
    static let maximumResponseBytes = 4 << 20

    /// - Parameters:
    ///   - httpClient: the client to send with; the shared one by default. Its lifetime is the caller's.
    ///   - now: the wall clock, for rate-limit resets (tests move it).
    public init(configuration: TelnectConfiguration, httpClient: HTTPClient = .shared, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "switchboard.telnect")) throws(TelnectError) {
        try configuration.validate()
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "account"] = "\(configuration.name)"
        self.logger = logger
        let rateLimit = TelnectRateLimit(maximumWaitSeconds: configuration.maximumRateLimitWaitSeconds, now: now)
        self.rateLimit = rateLimit
        var http = RetryingHTTP(exchange: HTTPExchange(client: httpClient), policy: configuration.retry, logger: logger)
        http.beforeAttempt = { try await rateLimit.acquire() }
        http.observe = { response in rateLimit.observe(response.headers) }
        self.http = http
        var root = configuration.baseURL
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    // MARK: Calls

    /// `POST /Calls`: calls `destination` from `source` (both `{"type": "phone", "number": …}`),
    /// with `options` only when `record` or `timeoutSeconds` is given.
    public func createCall(source: String, destination: String, record: Bool? = nil, timeoutSeconds: Int? = nil) async throws(TelnectError) -> TelnectCreatedCall {
        let operation = "POST /Calls"
        for (name, number) in [("source", source), ("destination", destination)] where number.isEmpty || number.utf8.count > 64 {
            throw TelnectError(.invalidArgument, "\(name) must be a phone number of 1 to 64 characters", operation: operation)
        }
        var body: [String: JSONValue] = [
            "source": ["type": "phone", "number": .string(source)],
            "destination": ["type": "phone", "number": .string(destination)],
        ]
        var options: [String: JSONValue] = [:]
        if let record { options["record"] = .bool(record) }
        if let timeoutSeconds { options["timeout"] = .integer(Int64(timeoutSeconds)) }
        if !options.isEmpty { body["options"] = .object(JSONObject(options)) }
        let response = try await send(operation: operation, method: .POST, path: "/Calls", body: .object(JSONObject(body)), retryable: .onlyWhenRefused, expecting: [200, 201])
        let call = try TelnectCreatedCall(json: try parse(response, operation: operation), operation: operation, httpStatus: response.status)
        logger.info("telnect call created", metadata: ["callId": "\(call.id)"])
        return call
    }

    /// `POST /Calls/{callId}/actions` with `{"action": …}` (and `destination` for a transfer).
    public func callAction(callId: String, action: TelnectCallAction.Kind, destination: String? = nil) async throws(TelnectError) {
        let operation = "POST /Calls/{callId}/actions"
        var body: [String: JSONValue] = ["action": .string(action.rawValue)]
        if action == .transfer {
            guard let destination, !destination.isEmpty else {
                throw TelnectError(.invalidArgument, "a transfer needs a destination", operation: operation)
            }
            body["destination"] = .string(destination)
        }
        let path = try callPath(callId, operation: operation) + "/actions"
        // A repeated transfer could move the call twice; the other actions set a state and may repeat.
        let retryable: RetryingHTTP.Retryable = action == .transfer ? .onlyWhenRefused : .whenIdempotent
        _ = try await send(operation: operation, method: .POST, path: path, body: .object(JSONObject(body)), retryable: retryable, expecting: [200, 201, 202, 204])
        logger.info("telnect call action done", metadata: ["callId": "\(callId)", "action": "\(action.rawValue)"])
    }

    /// `DELETE /Calls/{callId}`: ends the call. A 404 (already over) is thrown as
    /// `TELNECT_REJECTED` with `isNotFound`; the action executor treats it as done.
    public func hangup(callId: String) async throws(TelnectError) {
        let operation = "DELETE /Calls/{callId}"
        let path = try callPath(callId, operation: operation)
        _ = try await send(operation: operation, method: .DELETE, path: path, retryable: .whenIdempotent, expecting: [204, 200, 202])
        logger.info("telnect call hung up", metadata: ["callId": "\(callId)"])
    }

    /// `GET /Calls/history?limit=…&offset=…[&start_date=YYYY-MM-DD]`: one page of call records.
    public func history(startDate: Date? = nil, limit: Int, offset: Int) async throws(TelnectError) -> TelnectHistoryPage {
        let operation = "GET /Calls/history"
        var query = "?limit=\(limit)&offset=\(offset)"
        if let startDate { query += "&start_date=" + Self.day(startDate) }
        let response = try await send(operation: operation, method: .GET, path: "/Calls/history" + query, retryable: .whenIdempotent, expecting: [200])
        return try TelnectHistoryPage(json: try parse(response, operation: operation), operation: operation, httpStatus: response.status)
    }

    // MARK: Phone lines

    /// `POST /Phones`: a dynamic line with `websocket` among its features, `max_expire` and —
    /// when configured — `event_callback` pointing at Switchboard's webhook.
    public func createPhoneLine() async throws(TelnectError) -> TelnectPhoneLine {
        let operation = "POST /Phones"
        var features = configuration.allowFeatures
        if !features.contains("websocket") { features.append("websocket") }
        var body: [String: JSONValue] = [
            "allow_features": .array(features.map { .string($0) }),
            "type": "dynamic",
            "max_expire": .integer(Int64(configuration.phoneMaxExpireSeconds)),
        ]
        if let callback = configuration.eventCallbackURL { body["event_callback"] = .string(callback) }
        let response = try await send(operation: operation, method: .POST, path: "/Phones", body: .object(JSONObject(body)), retryable: .onlyWhenRefused, expecting: [200, 201])
        let line = try TelnectPhoneLine(json: try parse(response, operation: operation), operation: operation, httpStatus: response.status)
        logger.info("telnect phone line provisioned", metadata: ["username": "\(line.username)", "expires": "\(line.expiresAt.map { "\($0)" } ?? "-")"])
        return line
    }

    // MARK: Plumbing

    private func callPath(_ callId: String, operation: String) throws(TelnectError) -> String {
        // The id becomes a path segment: nothing that could leave it (`/`, `?`, `%`, spaces).
        guard ClickToDialIdentifiers.isValidCallId(callId) else {
            throw TelnectError(.invalidArgument, "callId must match ^[A-Za-z0-9._~:-]{1,256}$", operation: operation)
        }
        return "/Calls/" + callId
    }

    private func send(operation: String, method: HTTPMethod, path: String, body: JSONValue? = nil, retryable: RetryingHTTP.Retryable,
                      expecting: Set<Int>) async throws(TelnectError) -> RetryingHTTP.Response {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(configuration.token)")
        headers.add(name: "Accept", value: "application/json")
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let response: RetryingHTTP.Response
        do {
            response = try await http.send(operation: operation, method: method, url: root + path, headers: headers, body: body?.jsonBytes(),
                                           retryable: retryable, timeout: configuration.requestTimeoutSeconds,
                                           maximumResponseBytes: Self.maximumResponseBytes)
        } catch {
            switch error {
            case .cancelled(let attempts):
                throw TelnectError(.cancelled, "cancelled", operation: operation, attempts: attempts)
            case .transport(let reason, let attempts):
                throw TelnectError(.transportFailed, configuration.redacting(reason), operation: operation, attempts: attempts)
            case .aborted(let reason as TelnectError, let attempts):
                throw TelnectError(reason.code, reason.message, operation: operation, attempts: attempts)
            case .aborted(let reason, let attempts):
                throw TelnectError(.transportFailed, configuration.redacting("\(reason)"), operation: operation, attempts: attempts)
            }
        }
        guard expecting.contains(response.status) else { throw apiError(response, operation: operation) }
        return response
    }

    /// The typed error for an unexpected answer; the documented body
    /// `{"error": {"code", "message", "details"}}` fills it (`details` is not copied: it may echo input).
    private func apiError(_ response: RetryingHTTP.Response, operation: String) -> TelnectError {
        let body = try? JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: 1 << 20, maximumDepth: 16))
        let error = body?["error"]
        let apiCode = error?["code"]?.stringValue ?? error?.stringValue
        let message = configuration.redacting(error?["message"]?.stringValue ?? "HTTP \(response.status) without a Telnect error body")
        let code: TelnectError.Code
        switch response.status {
        case 401, 403: code = .unauthorized
        case 429, 500...599: code = .unavailable
        case 200...299: code = .invalidResponse
        default: code = .rejected
        }
        return TelnectError(code, String(message.prefix(512)), operation: operation, httpStatus: response.status, apiCode: apiCode, attempts: response.attempts)
    }

    private func parse(_ response: RetryingHTTP.Response, operation: String) throws(TelnectError) -> JSONValue {
        do {
            return try JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: Self.maximumResponseBytes, maximumDepth: 32))
        } catch {
            throw TelnectError(.invalidResponse, "the answer is not JSON: \(error)", operation: operation, httpStatus: response.status)
        }
    }

    /// `YYYY-MM-DD` in UTC, the document's date filter format.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
