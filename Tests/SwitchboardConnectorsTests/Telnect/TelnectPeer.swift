import Foundation
import SwitchboardConnectors
import SwitchboardLiveTestSupport
import SwitchboardSignalR
import SwitchboardWebSocket

/// `Tests/tools/telnect_peer.py` (REST API + event WebSocket of the Telnect document) and its
/// test-only control endpoints.
struct TelnectPeer: Sendable {
    static let token = "telnect-test-token-7f3a"

    /// One request the peer received.
    struct Recorded: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: String
        /// The peer's receive time (Unix seconds).
        var time: Double

        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }

        /// The body as JSON, compared structurally (member order does not matter).
        var json: NSDictionary? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? NSDictionary
        }
    }

    /// A control request the peer did not answer 200.
    struct ControlError: Error, CustomStringConvertible {
        let description: String
    }

    let process: PythonPeer
    var port: Int { process.port }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start(arguments: [String] = []) async throws -> TelnectPeer {
        TelnectPeer(process: try await PythonPeer.start(script: "telnect_peer.py", arguments: ["--token", token] + arguments))
    }

    func stop() { process.stop() }

    /// An account on this peer with fast retries and reconnects (a loaded machine still passes).
    func configuration(name: String = "main", websocketURL: String? = nil, username: String? = nil, password: String? = nil,
                       maximumAttempts: Int = 4) -> TelnectConfiguration {
        TelnectConfiguration(
            name: name, baseURL: baseURL, token: Self.token, websocketURL: websocketURL, websocketUsername: username, websocketPassword: password,
            eventCallbackURL: "https://switchboard.example.net/webhooks/telnect",
            retry: RetryPolicy(maximumAttempts: maximumAttempts, initialBackoffSeconds: 0.05, maximumBackoffSeconds: 0.5),
            reconnect: ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5), connectTimeoutSeconds: 15
        )
    }

    // MARK: Control

    @discardableResult
    func control(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Any {
        let bytes = try body.map { try JSONSerialization.data(withJSONObject: $0) }.map { Array($0) } ?? []
        let response = try await LWSHTTPClient().send(LWSHTTPRequest(
            method: method, url: "\(baseURL)/_test/\(path)", headers: bytes.isEmpty ? [:] : ["Content-Type": "application/json"], body: bytes
        ))
        guard response.status == 200 else { throw ControlError(description: "peer control \(path): HTTP \(response.status)") }
        return try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
    }

    /// A call changes state on the platform; streamed when a stream is open, always in history.
    func call(_ id: String, _ status: String, direction: String? = nil) async throws {
        var body: [String: Any] = ["id": id, "status": status]
        if let direction { body["direction"] = direction }
        try await control("POST", "call", body)
    }

    /// Pushes raw text as one frame.
    func frame(_ text: String) async throws {
        let response = try await LWSHTTPClient(maximumResponseBytes: 1 << 20).send(LWSHTTPRequest(
            method: "POST", url: "\(baseURL)/_test/frame", body: Array(text.utf8)))
        guard response.status == 200 else { throw ControlError(description: "peer frame: HTTP \(response.status)") }
    }

    func drop(refuse: Bool) async throws { try await control("POST", "drop", ["refuse": refuse]) }

    func accept(replayLast: Bool) async throws { try await control("POST", "accept", ["replay_last": replayLast]) }

    /// The next `responses.count` requests matching method and path get these answers.
    func script(_ method: String, _ path: String, _ responses: [[String: Any]]) async throws {
        try await control("POST", "script", ["method": method, "path": path, "responses": responses])
    }

    func requests() async throws -> [Recorded] {
        let response = try await LWSHTTPClient(maximumResponseBytes: 16 << 20).send(LWSHTTPRequest(method: "GET", url: "\(baseURL)/_test/requests"))
        let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return list.map { item in
            Recorded(method: item["method"] as? String ?? "", path: item["path"] as? String ?? "", query: item["query"] as? String ?? "",
                     headers: item["headers"] as? [String: String] ?? [:], body: item["body"] as? String ?? "",
                     time: item["time"] as? Double ?? 0)
        }
    }

    func requests(_ method: String, _ path: String) async throws -> [Recorded] {
        try await requests().filter { $0.method == method && $0.path == path }
    }

    /// Open streams and streams accepted so far.
    func streams() async throws -> (open: Int, accepted: Int) {
        let state = try await control("GET", "state") as? [String: Any] ?? [:]
        return (state["clients"] as? Int ?? 0, state["connections"] as? Int ?? 0)
    }
}

/// Polls `condition` until it holds or `seconds` pass (generous: the machine is shared).
func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
