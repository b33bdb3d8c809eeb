import Hummingbird
import Logging
import ServiceLifecycle

/// Runs a Hummingbird router on a free loopback port for the duration of `body`: the shared
/// start/stop of the tests' in-process platform servers (CAMARA, telecom.center).
enum LocalHTTPServer {
    /// Starts `router` on `127.0.0.1:0`, hands the chosen port to `body`, and stops the server
    /// gracefully afterwards (cancelling it would log shutdown errors), whether `body` threw or not.
    static func serve<T: Sendable>(_ router: Router<BasicRequestContext>, label: String,
                                   _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let services = ServiceGroup(configuration: .init(services: [application], logger: Logger(label: label)))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                let result = try await body(port)
                await services.triggerGracefulShutdown()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
