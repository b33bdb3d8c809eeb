import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SwitchboardEvents

/// The AntBuddy-style PBX open API: the websocket auth token, call history, recordings and
/// click-to-call, each signed as the document defines (`AntBuddySigner`).
///
/// History, recordings and the token are read-only and retried on 5xx, 429 (after
/// `Retry-After`) and transport failures. Click-to-call is retried on 429 and 5xx only: a 4xx is
/// final (a 400 means the SIP device is offline, `AB_DEVICE_OFFLINE`), and a lost answer is not
/// repeated because the PBX may already be ringing the device.
public final class AntBuddyClient: Sendable {
    public let configuration: AntBuddyConfiguration
    public let signer: AntBuddySigner
    private let http: RetryingHTTP
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let root: String

    /// - Parameters:
    ///   - httpClient: the client to send with; the shared one by default. Its lifetime is the caller's.
    ///   - now: the wall clock, for token expiry (tests move it).
    public init(configuration: AntBuddyConfiguration, httpClient: HTTPClient = .shared, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "switchboard.antbuddy")) throws(AntBuddyError) {
        try configuration.validate()
        self.configuration = configuration
        self.signer = AntBuddySigner(appId: configuration.appId, appSecret: configuration.appSecret)
        self.now = now
        var logger = logger
        logger[metadataKey: "account"] = .string(configuration.name)
        self.logger = logger
        http = RetryingHTTP(exchange: HTTPExchange(client: httpClient), policy: configuration.retry, logger: logger)
        var root = configuration.apiRoot
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root + "/oapi/v1"
    }

    /// The wall clock the client was given.
    public var currentDate: Date { now() }

    // MARK: Operations

    /// `POST /oapi/v1/voice/auth_token`: a new token for the websocket signal stream.
    public func authToken() async throws(AntBuddyError) -> AntBuddyToken {
        let operation = "POST /oapi/v1/voice/auth_token"
        let response = try await send(operation: operation, method: .POST, url: root + "/voice/auth_token", signedHeaders: true,
                                      body: Array("{}".utf8), retryable: .whenIdempotent)
        let token = try AntBuddyToken(json: try parse(response, operation: operation), now: now())
        logger.debug("auth token issued", metadata: ["expiresAt": "\(token.expiresAt)"])
        return token
    }

    /// `GET /oapi/v1/call/histories`: one page of records, as the PBX sent them.
    ///
    /// The records are read from a top-level array, or from the first array among `data`,
    /// `histories`, `records`, `items`, `result` (the document shows records, not the envelope).
    public func historyPage(createdFrom: String, createdTo: String, page: Int, limit: Int) async throws(AntBuddyError) -> [JSONValue] {
        let operation = "GET /oapi/v1/call/histories"
        let query = signer.historyQuery(createdFrom: createdFrom, createdTo: createdTo, limit: limit, page: page)
        let response = try await send(operation: operation, method: .GET, url: root + "/call/histories" + Self.encode(query), retryable: .whenIdempotent,
                                      maximumResponseBytes: 16 << 20)
        let json = try parse(response, operation: operation, maximumBytes: 16 << 20)
        if case .array(let records) = json { return records }
        for key in ["data", "histories", "records", "items", "result"] {
            if case .array(let records)? = json[key] { return records }
            if case .array(let records)? = json[key]?["data"] { return records }
        }
        throw AntBuddyError(.invalidResponse, "the history answer holds no array of records", operation: operation, httpStatus: response.status)
    }

    /// `GET /oapi/v1/call/play_recording`: the signed URL of a recording file.
    public func recordingURL(media: String) async throws(AntBuddyError) -> String {
        let operation = "GET /oapi/v1/call/play_recording"
        guard !media.isEmpty else { throw AntBuddyError(.invalidArgument, "the recording file name is empty", operation: operation) }
        let response = try await send(operation: operation, method: .GET, url: root + "/call/play_recording" + Self.encode(signer.recordingQuery(media: media)),
                                      retryable: .whenIdempotent)
        let json = try parse(response, operation: operation)
        guard let url = (json["media"] ?? json["data"]?["media"])?.stringValue, !url.isEmpty else {
            throw AntBuddyError(.invalidResponse, "the answer has no `media` URL", operation: operation, httpStatus: response.status)
        }
        return url
    }

    /// `POST /oapi/v1/call/click-to-call/:number` with `{sipUser, sipPassword}`; the password is the
    /// one configured for `sipUser`.
    ///
    /// - Throws: `AB_DEVICE_OFFLINE` on a 400 (the SIP device is not registered), `AB_INVALID_ARGUMENT`
    ///   for a SIP user without a configured password, `AB_UNAVAILABLE` once 429/5xx retries ran out.
    public func clickToCall(number: String, sipUser: String) async throws(AntBuddyError) {
        let operation = "POST /oapi/v1/call/click-to-call/:number"
        guard !number.isEmpty, number.utf8.count <= 64, number.allSatisfy({ $0.isASCII && ($0.isNumber || "+*#".contains($0)) }) else {
            throw AntBuddyError(.invalidArgument, "number must be 1 to 64 digits (with +, * or #)", operation: operation)
        }
        guard let password = configuration.sipPasswords[sipUser] else {
            throw AntBuddyError(.invalidArgument, "no SIP password is configured for sipUser '\(sipUser)'", operation: operation)
        }
        let body = JSONValue.object(["sipUser": .string(sipUser), "sipPassword": .string(password)]).jsonBytes()
        // `+`, `*` and `#` are percent-encoded: `#` would end the path, `+` is ambiguous to some servers.
        let encodedNumber = number.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "0123456789")) ?? number
        _ = try await send(operation: operation, method: .POST, url: root + "/call/click-to-call/" + encodedNumber, signedHeaders: true,
                           body: body, retryable: .onTransientStatus, deviceOfflineOn400: true, redact: [password])
        logger.info("click-to-call placed", metadata: ["sipUser": "\(sipUser)"])
    }

    // MARK: Plumbing

    private func send(operation: String, method: HTTPMethod, url: String, signedHeaders: Bool = false, body: [UInt8]? = nil,
                      retryable: RetryingHTTP.Retryable, maximumResponseBytes: Int = 1 << 20, deviceOfflineOn400: Bool = false,
                      redact: [String] = []) async throws(AntBuddyError) -> RetryingHTTP.Response {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        // The document gives every endpoint `Content-Type: application/json`, GETs included.
        headers.add(name: "Content-Type", value: "application/json")
        if signedHeaders {
            for header in signer.headers { headers.add(name: header.name, value: header.value) }
        }
        let request = HTTPExchange.Request(method: method, url: url, headers: headers, body: body,
                                           timeout: .milliseconds(Int64(configuration.requestTimeoutSeconds * 1000)), maximumResponseBytes: maximumResponseBytes)
        let response: RetryingHTTP.Response
        do throws(RetryingHTTP.Failure) {
            response = try await http.send(operation: operation, request, retryable: retryable)
        } catch {
            if error.isCancelled { throw AntBuddyError(.cancelled, "cancelled", operation: operation, attempts: error.attempts) }
            throw AntBuddyError(.transportFailed, "\(error)", operation: operation, attempts: error.attempts)
        }
        guard (200...299).contains(response.status) else {
            throw apiError(response, operation: operation, deviceOfflineOn400: deviceOfflineOn400, redact: redact)
        }
        return response
    }

    /// The typed error of a non-2xx answer, with the PBX's `message` when its body has one.
    private func apiError(_ response: RetryingHTTP.Response, operation: String, deviceOfflineOn400: Bool, redact: [String]) -> AntBuddyError {
        let body = try? JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: 1 << 16, maximumDepth: 8))
        var message = (body?["message"] ?? body?["error"])?.stringValue ?? "HTTP \(response.status)"
        for secret in redact + [configuration.appSecret] where !secret.isEmpty {
            message = message.replacingOccurrences(of: secret, with: "[REDACTED]")
        }
        let code: AntBuddyError.Code
        switch response.status {
        case 400 where deviceOfflineOn400: code = .deviceOffline
        case 401, 403: code = .authenticationFailed
        case 429, 500...599: code = .unavailable
        default: code = .rejected
        }
        return AntBuddyError(code, String(message.prefix(512)), operation: operation, httpStatus: response.status, attempts: response.attempts)
    }

    private func parse(_ response: RetryingHTTP.Response, operation: String, maximumBytes: Int = 1 << 20) throws(AntBuddyError) -> JSONValue {
        do {
            return try JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: maximumBytes, maximumDepth: 32))
        } catch {
            throw AntBuddyError(.invalidResponse, "the answer is not JSON: \(error)", operation: operation, httpStatus: response.status)
        }
    }

    /// `?name=value&…`, each part percent-encoded (RFC 3986 unreserved characters kept).
    static func encode(_ query: [(name: String, value: String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let pairs = query.map { item in
            (item.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.name) + "="
                + (item.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? item.value)
        }
        return "?" + pairs.joined(separator: "&")
    }
}
