import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SwitchboardEvents

/// The CAMARA Click-to-Dial API: create, inspect and release calls, download recordings.
///
/// Every request carries an OAuth2 client-credentials bearer token, fetched and cached by the
/// client; a 401 renews the token once and repeats the request. `GET` and `DELETE` are retried on
/// 5xx, 429 (after `Retry-After`) and transport failures. `POST /calls` is retried only on 429:
/// after a 5xx or a lost answer the provider may already be ringing the caller, and a second
/// request would ring them twice — the error is reported instead, so an operator can decide.
public final class ClickToDialClient: Sendable {
    public let configuration: ClickToDialConfiguration
    private let http: ClickToDialHTTP
    private let tokens: ClickToDialTokenProvider
    private let issueSinkCredential: SinkCredentialIssuer
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let callsURL: String

    /// The largest recording answer read: 20 MiB of audio as base64 (the specification's limit)
    /// plus room for the other members.
    static let maximumRecordingResponseBytes = 28 * 1024 * 1024 + 64 * 1024

    /// - Parameters:
    ///   - httpClient: the client to send with; the shared one by default. Its lifetime is the caller's.
    ///   - sinkCredentials: issues the per-call token the provider presents on notifications.
    ///   - now: the wall clock, for token expiry (tests move it).
    public init(configuration: ClickToDialConfiguration, httpClient: HTTPClient = .shared, sinkCredentials: @escaping SinkCredentialIssuer,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "switchboard.clicktodial")) throws(ClickToDialError) {
        try configuration.validate()
        self.configuration = configuration
        self.issueSinkCredential = sinkCredentials
        self.now = now
        self.logger = logger
        http = ClickToDialHTTP(exchange: HTTPExchange(client: httpClient), policy: configuration.retry, logger: logger)
        tokens = ClickToDialTokenProvider(configuration: configuration, http: http, now: now)
        var root = configuration.apiRoot
        while root.hasSuffix("/") { root.removeLast() }
        callsURL = root + "/calls"
    }

    // MARK: Calls

    /// `POST /calls`: starts a call from `caller` to `callee`, with notifications to
    /// `configuration.sinkURL` authenticated by a freshly issued sink token.
    public func createCall(caller: String, callee: String, recordingEnabled: Bool? = nil) async throws(ClickToDialError) -> ClickToDialCallResource {
        let operation = "POST /calls"
        for (name, number) in [("caller", caller), ("callee", callee)] where !ClickToDialIdentifiers.isValidPhoneNumber(number) {
            throw ClickToDialError(.invalidArgument, "\(name) must be an E.164 number with a leading +", operation: operation)
        }
        let credential: SinkCredential
        do {
            credential = try await issueSinkCredential(configuration.sinkCredentialLifetimeSeconds)
        } catch {
            throw ClickToDialError(.sinkCredentialFailed, "no sink token could be issued: \(type(of: error))", operation: operation)
        }
        var body: [String: JSONValue] = [
            "caller": .object(["number": .string(caller)]),
            "callee": .object(["number": .string(callee)]),
            "sink": .string(configuration.sinkURL),
            "sinkCredential": .object([
                "credentialType": "ACCESSTOKEN",
                "accessToken": .string(credential.token),
                "accessTokenExpiresUtc": .string(Timestamp(unixSeconds: Int64(credential.expiresAt.timeIntervalSince1970.rounded(.down))).rfc3339),
                "accessTokenType": "bearer",
            ]),
        ]
        if let recordingEnabled { body["recordingEnabled"] = .bool(recordingEnabled) }
        let response = try await send(operation: operation, method: .POST, url: callsURL, body: JSONValue.object(JSONObject(body)).jsonBytes(),
                                      retryable: .onlyWhenRefused, expecting: [201, 200], redact: [credential.token])
        let call = try ClickToDialCallResource(json: try parse(response, operation: operation), operation: operation, httpStatus: response.status)
        logger.info("click-to-dial call created", metadata: ["callId": "\(call.callId)"])
        return call
    }

    /// `GET /calls/{callId}`: the call's current state.
    public func call(_ callId: String) async throws(ClickToDialError) -> ClickToDialCallResource {
        let operation = "GET /calls/{callId}"
        let url = try callURL(callId, operation: operation)
        let response = try await send(operation: operation, method: .GET, url: url, retryable: .whenIdempotent, expecting: [200])
        return try ClickToDialCallResource(json: try parse(response, operation: operation), operation: operation, httpStatus: response.status)
    }

    /// `DELETE /calls/{callId}`: ends the call. A 404 (the call is already gone) is thrown as a
    /// `CTD_REJECTED` error with `isNotFound`; the action executor treats it as done.
    public func releaseCall(_ callId: String) async throws(ClickToDialError) {
        let operation = "DELETE /calls/{callId}"
        let url = try callURL(callId, operation: operation)
        _ = try await send(operation: operation, method: .DELETE, url: url, retryable: .whenIdempotent, expecting: [204, 200])
        logger.info("click-to-dial call released", metadata: ["callId": "\(callId)"])
    }

    // MARK: Recordings

    /// `GET /calls/{callId}/recording`: downloads the recording into `recordingDirectory` and
    /// describes it as a `switchboard.recording.available` event.
    public func downloadRecording(_ callId: String) async throws(ClickToDialError) -> ClickToDialRecording {
        let operation = "GET /calls/{callId}/recording"
        guard let directory = configuration.recordingDirectory else {
            throw ClickToDialError(.invalidConfiguration, "recordingDirectory is not set, so recordings are not downloaded", operation: operation)
        }
        let url = try callURL(callId, operation: operation) + "/recording"
        let response = try await send(operation: operation, method: .GET, url: url, retryable: .whenIdempotent, expecting: [200],
                                      timeout: configuration.recordingTimeoutSeconds, maximumResponseBytes: Self.maximumRecordingResponseBytes)
        let json = try parse(response, operation: operation, maximumBytes: Self.maximumRecordingResponseBytes)
        let resource = try RecordingResource(json: json, expectedCallId: callId, operation: operation, httpStatus: response.status)
        let file = URL(fileURLWithPath: directory, isDirectory: true)
            .appendingPathComponent(resource.fileName(callId: callId), isDirectory: false)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try resource.audio.write(to: file, options: .atomic)
        } catch {
            throw ClickToDialError(.recordingStorageFailed, "could not write \(file.path): \(error.localizedDescription)", operation: operation)
        }
        logger.info("click-to-dial recording downloaded", metadata: ["callId": "\(callId)", "bytes": "\(resource.audio.count)"])
        let recording = ClickToDialRecording(callId: callId, file: file.path, contentType: resource.contentType, byteCount: resource.audio.count,
                                             generatedAt: resource.generatedAt, url: url)
        return recording
    }

    /// The event announcing `recording`, for the router.
    public func recordingEvent(_ recording: ClickToDialRecording) -> CallEvent {
        recording.event(source: configuration.eventSource, receivedAt: Timestamp(now()))
    }

    // MARK: Plumbing

    private func callURL(_ callId: String, operation: String) throws(ClickToDialError) -> String {
        guard ClickToDialIdentifiers.isValidCallId(callId) else {
            throw ClickToDialError(.invalidArgument, "callId must match ^[A-Za-z0-9._~:-]{1,256}$", operation: operation)
        }
        return callsURL + "/" + callId
    }

    /// Sends with a bearer token; a 401 renews the token and repeats the request once (the API
    /// did not process it, so this is safe even for `POST /calls`).
    private func send(operation: String, method: HTTPMethod, url: String, body: [UInt8]? = nil, retryable: ClickToDialHTTP.Retryable,
                      expecting: Set<Int>, timeout: Double? = nil, maximumResponseBytes: Int = 1 << 20,
                      redact: [String] = []) async throws(ClickToDialError) -> ClickToDialHTTP.Response {
        let correlator = UUID().uuidString.lowercased()
        var renewed = false
        while true {
            let token = try await tokens.token()
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: "Bearer \(token)")
            headers.add(name: "Accept", value: "application/json")
            headers.add(name: "x-correlator", value: correlator)
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            let response = try await http.send(operation: operation, method: method, url: url, headers: headers, body: body, retryable: retryable,
                                               timeout: timeout ?? configuration.requestTimeoutSeconds, maximumResponseBytes: maximumResponseBytes)
            if response.status == 401 && !renewed {
                renewed = true
                await tokens.invalidate(token)
                logger.debug("access token refused; renewing it", metadata: ["operation": "\(operation)"])
                continue
            }
            guard expecting.contains(response.status) else {
                throw apiError(response, operation: operation, redact: redact + [token])
            }
            return response
        }
    }

    /// The typed error for a non-2xx answer; the CAMARA body `{status, code, message}` fills it.
    private func apiError(_ response: ClickToDialHTTP.Response, operation: String, redact: [String]) -> ClickToDialError {
        let body = try? JSONValue.parse(response.body)
        let apiCode = body?["code"]?.stringValue
        var message = body?["message"]?.stringValue ?? "HTTP \(response.status) without a CAMARA error body"
        for secret in redact where !secret.isEmpty { message = message.replacingOccurrences(of: secret, with: "[REDACTED]") }
        message = configuration.redacting(message)
        let code: ClickToDialError.Code
        switch response.status {
        case 429, 500...599: code = .unavailable
        case 200...299: code = .invalidResponse
        default: code = .rejected
        }
        return ClickToDialError(code, message, operation: operation, httpStatus: response.status, apiCode: apiCode, attempts: response.attempts)
    }

    private func parse(_ response: ClickToDialHTTP.Response, operation: String, maximumBytes: Int = 1 << 20) throws(ClickToDialError) -> JSONValue {
        do {
            return try JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: maximumBytes, maximumDepth: 16))
        } catch {
            throw ClickToDialError(.invalidResponse, "the answer is not JSON: \(error)", operation: operation, httpStatus: response.status)
        }
    }
}

extension ClickToDialConfiguration {
    /// `text` with the client secret replaced, for messages that echo what a server said.
    func redacting(_ text: String) -> String {
        clientSecret.isEmpty ? text : text.replacingOccurrences(of: clientSecret, with: "[REDACTED]")
    }
}
