import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardNormalizers
import Synchronization

/// Builds clients against a `CamaraTestServer` and the events the webhook would produce.
enum ClickToDialFixture {
    static let sinkToken = "sink-token-for-the-provider"
    /// 2026-11-23T19:00:00Z.
    static let sinkExpiry = Date(timeIntervalSince1970: 1_795_460_400)

    /// Records the lifetimes the client asked sink tokens for.
    final class SinkIssuer: Sendable {
        let lifetimes = Mutex<[Double]>([])

        var issue: SinkCredentialIssuer {
            { lifetime in
                self.lifetimes.withLock { $0.append(lifetime) }
                return SinkCredential(token: ClickToDialFixture.sinkToken, expiresAt: ClickToDialFixture.sinkExpiry)
            }
        }
    }

    static func configuration(_ server: CamaraTestServer, recordingDirectory: String? = nil, maximumAttempts: Int = 4) -> ClickToDialConfiguration {
        ClickToDialConfiguration(
            apiRoot: server.apiRoot + "/",
            tokenURL: server.tokenURL,
            clientId: CamaraTestServer.clientId,
            clientSecret: CamaraTestServer.clientSecret,
            scope: CamaraTestServer.scope,
            sinkURL: CamaraTestServer.sinkURL,
            sinkCredentialLifetimeSeconds: 7200,
            reconcileAfterSeconds: 60,
            reconcileIntervalSeconds: 5,
            recordingDirectory: recordingDirectory,
            eventSource: "switchboard://clicktodial/test",
            requestTimeoutSeconds: 30,
            retry: RetryPolicy(maximumAttempts: maximumAttempts, initialBackoffSeconds: 0.01, maximumBackoffSeconds: 0.05, jitter: 0.5)
        )
    }

    static func client(_ server: CamaraTestServer, wallClock: TestWallClock = TestWallClock(), issuer: SinkIssuer = SinkIssuer(),
                       recordingDirectory: String? = nil, maximumAttempts: Int = 4) throws -> ClickToDialClient {
        try ClickToDialClient(configuration: configuration(server, recordingDirectory: recordingDirectory, maximumAttempts: maximumAttempts),
                              sinkCredentials: issuer.issue, now: { wallClock.now })
    }

    /// A status notification as the provider posts it, normalized as the webhook does.
    static func notification(callId: String, state: String, reason: String? = nil, recordingResult: String? = nil) throws -> CallEvent {
        var status: [String: JSONValue] = ["state": .string(state)]
        if let reason { status["reason"] = .string(reason) }
        var data: [String: JSONValue] = [
            "callId": .string(callId), "caller": "+447700900000", "callee": "+447700900123",
            "status": .object(JSONObject(status)), "timestamp": "2026-11-23T15:01:00Z",
        ]
        if let recordingResult { data["recordingResult"] = .string(recordingResult) }
        let event: JSONValue = .object([
            "id": .string("\(callId)-\(state)"), "source": "https://api.example.com/click-to-dial", "specversion": "1.0",
            "type": "org.camaraproject.click-to-dial.v0.status-changed", "time": "2026-11-23T15:01:00Z",
            "datacontenttype": "application/json", "data": .object(JSONObject(data)),
        ])
        return try ClickToDialNormalizer().normalizeEvent(event, context: NormalizationContext())
    }

    /// A temporary directory, removed after `body`.
    static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-ctd-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }
}
