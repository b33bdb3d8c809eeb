import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardEvents
import Synchronization

/// An in-process CAMARA Click-to-Dial provider with an OAuth2 token endpoint.
///
/// It checks every request the way a strict provider would — method, path, `Authorization`,
/// `Accept`, `Content-Type` and the exact body (unknown members are a 400, as the specification's
/// request-body strictness demands) — so a wrong request fails the test instead of passing by.
/// Tests script transient failures with `fail(_:_:times:status:headers:)`.
final class CamaraTestServer: Sendable {
    static let clientId = "switchboard-test"
    static let clientSecret = "s3cr3t-Value/+="
    static let scope = "click-to-dial:calls:create click-to-dial:calls:read"
    static let sinkURL = "https://switchboard.example.com/webhooks/clicktodial"
    static let basePath = "/click-to-dial/vwip"

    struct Recorded: Sendable, Hashable {
        var method: String
        var path: String
    }

    struct Failure: Sendable {
        var remaining: Int
        var status: HTTPResponse.Status
        var headers: [String: String]
        /// The body; `nil` answers a CAMARA error body.
        var body: String?
        var code: String
        var message: String
    }

    struct State: Sendable {
        var tokenLifetime = 3600
        var tokensIssued: [String] = []
        var validTokens: Set<String> = []
        var requests: [Recorded] = []
        var rejected: [String] = []
        var failures: [String: Failure] = [:]
        var calls: [String: JSONValue] = [:]
        var recordings: [String: (content: String, contentType: String)] = [:]
        var sinkCredentials: [JSONValue] = []
        var nextCall = 0
        var port = 0
    }

    let state = Mutex(State())

    var port: Int { state.withLock { $0.port } }

    var apiRoot: String { "http://127.0.0.1:\(port)\(Self.basePath)" }
    var tokenURL: String { "http://127.0.0.1:\(port)/oauth/token" }

    /// Starts the server, runs `body`, stops the server.
    static func with<T: Sendable>(_ body: @Sendable (CamaraTestServer) async throws -> T) async throws -> T {
        let server = CamaraTestServer()
        return try await LocalHTTPServer.serve(server.router(), label: "camara-test-server") { port in
            server.state.withLock { $0.port = port }
            return try await body(server)
        }
    }

    // MARK: Scripting and inspection

    /// The next `times` requests to `method path` answer `status` (with `headers`) instead.
    func fail(_ method: String, _ path: String, times: Int, status: HTTPResponse.Status, code: String = "UNAVAILABLE",
              message: String = "scripted failure", headers: [String: String] = [:]) {
        state.withLock {
            $0.failures["\(method) \(path)"] = Failure(remaining: times, status: status, headers: headers, body: nil, code: code, message: message)
        }
    }

    /// The next `times` requests to `method path` answer `status` with this raw `body`.
    func answer(_ method: String, _ path: String, times: Int, status: HTTPResponse.Status, body: String) {
        state.withLock {
            $0.failures["\(method) \(path)"] = Failure(remaining: times, status: status, headers: ["Content-Type": "application/json"],
                                                        body: body, code: "", message: "")
        }
    }

    func addCall(_ callId: String, status: String, recordingEnabled: Bool = false) {
        state.withLock {
            $0.calls[callId] = .object([
                "callId": .string(callId), "caller": ["number": "+447700900000"], "callee": ["number": "+447700900123"],
                "status": .string(status), "createdAt": "2026-11-23T15:00:00Z", "recordingEnabled": .bool(recordingEnabled),
            ])
        }
    }

    func setStatus(_ callId: String, _ status: String) {
        state.withLock { $0.calls[callId] = $0.calls[callId].map { Self.call($0, status: status) } }
    }

    func addRecording(_ callId: String, audio: [UInt8], contentType: String) {
        state.withLock { $0.recordings[callId] = (Data(audio).base64EncodedString(), contentType) }
    }

    /// Makes every token issued so far invalid, as a provider does when it rotates keys.
    func revokeTokens() { state.withLock { $0.validTokens.removeAll() } }

    var requests: [Recorded] { state.withLock { $0.requests } }
    var rejected: [String] { state.withLock { $0.rejected } }
    var tokensIssued: [String] { state.withLock { $0.tokensIssued } }
    var sinkCredentials: [JSONValue] { state.withLock { $0.sinkCredentials } }

    func count(_ method: String, _ path: String) -> Int {
        requests.filter { $0 == Recorded(method: method, path: path) }.count
    }

    // MARK: Routes

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/oauth/token") { request, _ -> Response in try await self.token(request) }
        let api = router.group(RouterPath(Self.basePath))
        api.post("/calls") { request, _ -> Response in try await self.api(request) { body in try self.createCall(body) } }
        api.get("/calls/:callId") { request, context -> Response in
            let callId = try context.parameters.require("callId")
            return try await self.api(request) { _ in
                guard let call = self.state.withLock({ $0.calls[callId] }) else { return Self.problem(.notFound, "NOT_FOUND", "The specified resource is not found.") }
                return Self.json(.ok, call)
            }
        }
        api.delete("/calls/:callId") { request, context -> Response in
            let callId = try context.parameters.require("callId")
            return try await self.api(request) { _ in
                let known = self.state.withLock { state -> Bool in
                    guard state.calls[callId] != nil else { return false }
                    state.calls[callId] = state.calls[callId].map { Self.call($0, status: "disconnected") }
                    return true
                }
                return known ? Response(status: .noContent) : Self.problem(.notFound, "NOT_FOUND", "The specified resource is not found.")
            }
        }
        api.get("/calls/:callId/recording") { request, context -> Response in
            let callId = try context.parameters.require("callId")
            return try await self.api(request) { _ in
                guard let recording = self.state.withLock({ $0.recordings[callId] }) else {
                    return Self.problem(.notFound, "NOT_FOUND", "The specified resource is not found.")
                }
                return Self.json(.ok, .object(["callId": .string(callId), "content": .string(recording.content),
                                               "contentType": .string(recording.contentType), "generatedAt": "2026-11-23T15:05:00Z"]))
            }
        }
        return router
    }

    private func token(_ request: Request) async throws -> Response {
        record(request)
        if let failure = scriptedFailure(request) { return failure }
        guard request.method == .post, request.headers[.contentType] == "application/x-www-form-urlencoded" else {
            return reject("token: content type \(request.headers[.contentType] ?? "none")", Self.oauthError(.badRequest, "invalid_request"))
        }
        let body = String(decoding: try await request.body.collect(upTo: 65_536).readableBytesView, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            guard parts.count == 2, fields[parts[0]] == nil else { return reject("token: malformed form", Self.oauthError(.badRequest, "invalid_request")) }
            fields[parts[0]] = parts[1]
        }
        let expected = ["grant_type": "client_credentials", "client_id": Self.clientId, "client_secret": Self.clientSecret, "scope": Self.scope]
        guard fields == expected else { return reject("token: fields \(fields.keys.sorted())", Self.oauthError(.unauthorized, "invalid_client")) }
        let (token, lifetime) = state.withLock { state -> (String, Int) in
            let token = "access-\(state.tokensIssued.count + 1)"
            state.tokensIssued.append(token)
            state.validTokens.insert(token)
            return (token, state.tokenLifetime)
        }
        return Self.json(.ok, .object(["access_token": .string(token), "token_type": "Bearer", "expires_in": .integer(Int64(lifetime))]))
    }

    /// Checks what every API request must carry, then runs `handler` with the parsed body.
    private func api(_ request: Request, _ handler: (JSONValue?) throws -> Response) async throws -> Response {
        record(request)
        let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        let authorization = request.headers[.authorization] ?? ""
        let valid = state.withLock { state in
            authorization.hasPrefix("Bearer ") && state.validTokens.contains(String(authorization.dropFirst("Bearer ".count)))
        }
        guard valid else {
            return Self.problem(.unauthorized, "UNAUTHENTICATED", "Request not authenticated due to missing, invalid, or expired credentials.")
        }
        if let failure = scriptedFailure(request) { return failure }
        guard request.headers[.accept] == "application/json" else { return reject("Accept \(request.headers[.accept] ?? "none")", Self.invalidArgument) }
        guard let correlator = request.headers[HTTPField.Name("x-correlator")!], !correlator.isEmpty else {
            return reject("no x-correlator", Self.invalidArgument)
        }
        var body: JSONValue?
        if request.method == .post {
            guard request.headers[.contentType] == "application/json" else { return reject("content type", Self.invalidArgument) }
            guard let parsed = try? JSONValue.parse(bytes) else { return reject("body not JSON", Self.invalidArgument) }
            body = parsed
        } else if !bytes.isEmpty {
            return reject("unexpected body on \(request.method)", Self.invalidArgument)
        }
        return try handler(body)
    }

    private func createCall(_ body: JSONValue?) throws -> Response {
        guard let object = body?.objectValue else { return reject("body not an object", Self.invalidArgument) }
        let allowed: Set<String> = ["caller", "callee", "sink", "sinkCredential", "recordingEnabled"]
        guard Set(object.keys).isSubset(of: allowed) else { return reject("unknown members \(object.keys.sorted())", Self.invalidArgument) }
        for party in ["caller", "callee"] {
            guard let members = object[party]?.objectValue, Set(members.keys) == ["number"],
                  let number = members["number"]?.stringValue, number.hasPrefix("+") else {
                return reject("\(party) malformed", Self.invalidArgument)
            }
        }
        guard object["sink"]?.stringValue == Self.sinkURL else { return reject("sink \(object["sink"] ?? .null)", Self.invalidArgument) }
        guard let credential = object["sinkCredential"]?.objectValue,
              Set(credential.keys) == ["credentialType", "accessToken", "accessTokenExpiresUtc", "accessTokenType"],
              credential["credentialType"] == "ACCESSTOKEN", credential["accessTokenType"] == "bearer",
              credential["accessToken"]?.stringValue?.isEmpty == false,
              let expires = credential["accessTokenExpiresUtc"]?.stringValue, Timestamp(rfc3339: expires) != nil else {
            return reject("sinkCredential malformed", Self.invalidArgument)
        }
        if let recording = object["recordingEnabled"], recording.boolValue == nil { return reject("recordingEnabled not boolean", Self.invalidArgument) }
        let call = state.withLock { state -> JSONValue in
            state.nextCall += 1
            state.sinkCredentials.append(.object(credential))
            let callId = "call-\(state.nextCall)"
            let call: JSONValue = .object([
                "callId": .string(callId), "caller": object["caller"]!, "callee": object["callee"]!, "status": "initiating",
                "createdAt": "2026-11-23T15:00:00Z", "recordingEnabled": object["recordingEnabled"] ?? false,
            ])
            state.calls[callId] = call
            return call
        }
        return Self.json(.created, call)
    }

    // MARK: Helpers

    private static func call(_ call: JSONValue, status: String) -> JSONValue {
        var members = call.objectValue ?? [:]
        members["status"] = .string(status)
        return .object(members)
    }

    private func record(_ request: Request) {
        state.withLock { $0.requests.append(Recorded(method: request.method.rawValue, path: request.uri.path)) }
    }

    private func scriptedFailure(_ request: Request) -> Response? {
        let key = "\(request.method.rawValue) \(request.uri.path)"
        return state.withLock { state -> Response? in
            guard var failure = state.failures[key], failure.remaining > 0 else { return nil }
            failure.remaining -= 1
            state.failures[key] = failure
            var response = failure.body.map { Response(status: failure.status, body: ResponseBody(byteBuffer: ByteBuffer(string: $0))) }
                ?? Self.problem(failure.status, failure.code, failure.message)
            for (name, value) in failure.headers { response.headers[HTTPField.Name(name)!] = value }
            return response
        }
    }

    private func reject(_ reason: String, _ response: Response) -> Response {
        state.withLock { $0.rejected.append(reason) }
        return response
    }

    private static var invalidArgument: Response {
        problem(.badRequest, "INVALID_ARGUMENT", "Client specified an invalid argument, request body or query param.")
    }

    static func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(status, .object(["status": .integer(Int64(status.code)), "code": .string(code), "message": .string(message)]))
    }

    private static func oauthError(_ status: HTTPResponse.Status, _ error: String) -> Response {
        json(status, .object(["error": .string(error), "error_description": "the client credentials were refused"]))
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonData())))
    }
}
