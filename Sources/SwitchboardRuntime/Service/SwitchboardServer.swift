import Hummingbird
import Logging
import ServiceLifecycle

/// Composes every long-running part of `switchboard serve` into one `ServiceGroup` and runs it
/// until SIGTERM or SIGINT, which drain in order.
public struct SwitchboardServer: Sendable {
    public let configuration: SwitchboardConfiguration
    public let readiness: ReadinessRegistry
    public let logger: Logger

    public init(configuration: SwitchboardConfiguration, logger: Logger, readiness: ReadinessRegistry = ReadinessRegistry()) {
        self.configuration = configuration
        self.logger = logger
        self.readiness = readiness
    }

    /// Builds the HTTP application; `onListening` receives the bound port (useful with port 0).
    public func makeApplication(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        HealthRoutes(readiness: readiness).register(on: router)
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.http.host, port: configuration.http.port),
                serverName: "switchboard"
            ),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
    }

    /// Runs until a shutdown signal arrives (or the task is cancelled).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = makeApplication(onListening: onListening)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
