import SwitchboardEvents
import SwitchboardSignalR
import SwitchboardWebSocket
import Synchronization

/// Collects values from handlers so tests can wait for them.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// Polls `condition` until it holds or `seconds` pass (generous: the machine is shared and slow).
func eventually(within seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Reads the raw hub's `/stats` document.
func rawHubStats(port: Int) async throws -> JSONValue {
    let response = try await LWSHTTPClient().send(LWSHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/stats"))
    return try JSONValue.parse(response.body)
}

/// Fast keep-alive and reconnect settings so fault tests finish in seconds.
func quickConfiguration(_ url: String) -> SignalRConfiguration {
    SignalRConfiguration(
        hubURL: url,
        keepAliveIntervalSeconds: 5,
        serverTimeoutSeconds: 30,
        handshakeTimeoutSeconds: 10,
        invocationTimeoutSeconds: 10,
        reconnect: ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5, multiplier: 2, jitter: 0.2)
    )
}
