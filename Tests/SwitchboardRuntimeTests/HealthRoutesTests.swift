import Foundation
import Logging
import SwitchboardRuntime
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("serve: health endpoints over real HTTP")
struct HealthRoutesTests {
    @Test("/healthz answers alive; /readyz follows the readiness registry")
    func healthAndReadiness() async throws {
        let readiness = ReadinessRegistry()
        readiness.set("kafka", ready: false, detail: "connecting")
        let server = SwitchboardServer(
            configuration: SwitchboardConfiguration(http: .init(host: "127.0.0.1", port: 0)),
            logger: Logger(label: "test"),
            readiness: readiness
        )
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run(signals: []) { port in portContinuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())

            let (healthBody, healthStatus) = try await Self.get("http://127.0.0.1:\(port)/healthz")
            #expect(healthStatus == 200)
            #expect(healthBody.contains("\"alive\""))

            let (notReadyBody, notReadyStatus) = try await Self.get("http://127.0.0.1:\(port)/readyz")
            #expect(notReadyStatus == 503)
            #expect(notReadyBody.contains("connecting"))

            readiness.set("kafka", ready: true, detail: "connected")
            let (_, readyStatus) = try await Self.get("http://127.0.0.1:\(port)/readyz")
            #expect(readyStatus == 200)

            group.cancelAll()
        }
    }

    static func get(_ url: String) async throws -> (String, Int) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return (String(decoding: data, as: UTF8.self), (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}
