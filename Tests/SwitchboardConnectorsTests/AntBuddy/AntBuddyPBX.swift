import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardLiveTestSupport

/// The AntBuddy-style PBX test peer (`Tests/tools/antbuddy_pbx.py`, aiohttp): the documented
/// endpoints with exact signature checks (a wrong hash is a 401), tokens with expiry, the signal
/// websocket, paged history, play_recording and click-to-call; plus its `/_test` control API.
final class AntBuddyPBX: Sendable {
    static let appId = "app-1"
    static let appSecret = "s3cr3t"
    static let sipUser = "desk-42"
    static let sipPassword = "sip-pass-42"

    /// One API request as the peer recorded it.
    struct Request: Sendable, Hashable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: String?
    }

    let peer: PythonPeer

    private init(peer: PythonPeer) { self.peer = peer }

    static func with<T: Sendable>(_ body: (AntBuddyPBX) async throws -> T) async throws -> T {
        let pbx = AntBuddyPBX(peer: try await PythonPeer.start(script: "antbuddy_pbx.py", timeoutSeconds: 90))
        defer { pbx.peer.stop() }
        return try await body(pbx)
    }

    var apiRoot: String { "http://127.0.0.1:\(peer.port)" }
    var signalsURL: String { "ws://127.0.0.1:\(peer.port)/signals" }

    func configuration(secret: String = AntBuddyPBX.appSecret, signals: Bool = false, name: String = "main",
                       retry: RetryPolicy = RetryPolicy(maximumAttempts: 3, initialBackoffSeconds: 0.05, maximumBackoffSeconds: 0.2)) -> AntBuddyConfiguration {
        AntBuddyConfiguration(
            name: name, apiRoot: apiRoot, appId: Self.appId, appSecret: secret, signalsURL: signals ? signalsURL : nil,
            sipPasswords: [Self.sipUser: Self.sipPassword], gapFillLookbackSeconds: 600,
            reconnectInitialDelaySeconds: 0.1, reconnectMaximumDelaySeconds: 1, requestTimeoutSeconds: 20, retry: retry
        )
    }

    // MARK: Control

    func setHistory(_ records: [JSONValue]) async throws { _ = try await control("POST", "history", ["records": .array(records)]) }
    func signal(_ json: JSONValue) async throws -> Int { try await control("POST", "signal", ["json": json])["sent"]?.integerValue.map(Int.init) ?? 0 }
    func signal(raw: String) async throws { _ = try await control("POST", "signal", ["raw": .string(raw)]) }
    func drop() async throws { _ = try await control("POST", "drop", [:]) }
    func configure(_ settings: [String: JSONValue]) async throws { _ = try await control("POST", "config", .object(JSONObject(settings))) }

    var connections: Int {
        get async throws { Int(try await control("GET", "state", nil)["connections"]?.integerValue ?? 0) }
    }

    func requests(path prefix: String = "/oapi") async throws -> [Request] {
        guard case .array(let items) = try await control("GET", "requests", nil) else { return [] }
        return items.compactMap { item -> Request? in
            guard let path = item["path"]?.stringValue, path.hasPrefix(prefix) else { return nil }
            return Request(
                method: item["method"]?.stringValue ?? "", path: path,
                query: (item["query"]?.objectValue?.dictionary ?? [:]).compactMapValues(\.stringValue),
                headers: (item["headers"]?.objectValue?.dictionary ?? [:]).compactMapValues(\.stringValue),
                body: item["body"]?.stringValue
            )
        }
    }

    /// Waits (polling, generous limit) until `condition` holds.
    func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Timeout(description: "timed out waiting until \(what)")
    }

    struct Timeout: Error, CustomStringConvertible { let description: String }

    private func control(_ method: String, _ name: String, _ body: JSONValue?) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(peer.port)/_test/\(name)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.jsonBytes())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue.parse(Array(data))
    }
}

/// A history record as the document shows one, with a `call_id` so live and history match.
func antbuddyRecord(callId: String, at unix: Int64, status: String = "SUCCESS", recording: String = "") -> JSONValue {
    [
        "call_id": .string(callId),
        "caller": ["number": "01693608879", "type": "realnumber"],
        "callee": ["number": "thutranhtkbee", "type": "user", "username": "thutran"],
        "class": "trunking", "did_number": "02873019555", "direction": "to_ab",
        "status_detail": .string(status), "duration_seconds": 50, "billing_seconds": 43,
        "unix_timestamp": .integer(unix), "recording": .string(recording),
    ]
}
