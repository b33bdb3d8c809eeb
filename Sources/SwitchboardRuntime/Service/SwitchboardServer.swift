import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals
import SwitchboardEvents
import SwitchboardNormalizers

/// Composes every long-running part of `switchboard serve` into one `ServiceGroup` and runs it
/// until SIGTERM or SIGINT, which drain in order.
public struct SwitchboardServer: Sendable {
    public let configuration: SwitchboardConfiguration
    public let readiness: ReadinessRegistry
    /// What each live source has been doing (state, last event, reconnects).
    public let activity: SourceActivityBoard
    public let logger: Logger
    /// Where webhook events go once normalized; required when webhooks are configured.
    public let sink: (any EventSink)?
    /// Per-call webhook tokens issued by connectors (CAMARA sink credentials).
    public let credentials: SinkCredentialStore
    public let deduplication: DeduplicationWindow
    /// Further services that run beside the HTTP server (Kafka producer, sources).
    public let services: [any Service]
    /// The registry `/metrics` exposes; the process bootstraps swift-metrics with it.
    public let metrics: PrometheusCollectorRegistry?
    /// What the status page (`/`, `/status.json`) shows; nil serves no status page.
    public let status: StatusInputs?

    public init(
        configuration: SwitchboardConfiguration,
        logger: Logger,
        readiness: ReadinessRegistry = ReadinessRegistry(),
        activity: SourceActivityBoard = SourceActivityBoard(),
        sink: (any EventSink)? = nil,
        credentials: SinkCredentialStore = SinkCredentialStore(),
        deduplication: DeduplicationWindow = DeduplicationWindow(),
        services: [any Service] = [],
        metrics: PrometheusCollectorRegistry? = nil,
        status: StatusInputs? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.readiness = readiness
        self.activity = activity
        self.sink = sink
        self.credentials = credentials
        self.deduplication = deduplication
        self.services = services
        self.metrics = metrics
        self.status = status
    }

    /// Builds the HTTP application; `onListening` receives the bound port (useful with port 0).
    public func makeApplication(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws(ConfigurationError) -> some ApplicationProtocol {
        let router = Router()
        HealthRoutes(readiness: readiness).register(on: router)
        if let metrics { MetricsRoute(registry: metrics).register(on: router) }
        if let status { StatusRoutes(inputs: status).register(on: router) }
        var webhookRoutes: [String: WebhookRoute] = [:]
        for webhook in configuration.webhooks {
            guard let sink else {
                throw ConfigurationError(code: .invalid, file: "", problems: [ConfigurationProblem(path: "webhooks", message: "webhooks need an event sink (configure kafka)")])
            }
            let tokens = webhook.tokens.filter { !$0.isEmpty }
            if tokens.isEmpty {
                logger.warning("webhook has no static token: it accepts only per-call sink credentials", metadata: ["route": .string(webhook.path)])
            }
            webhookRoutes[webhook.path] = WebhookRoute(
                configuration: webhook,
                authenticator: WebhookAuthenticator(staticTokens: tokens, credentials: credentials),
                deduplication: deduplication,
                sink: activityRecording(sink, route: webhook),
                normalizer: Normalizers.normalizer(for: webhook.platform),
                maxBodyBytes: configuration.http.maxBodyBytes,
                logger: logger
            )
        }
        let serverName = "switchboard"
        // Webhooks are served in the channel pipeline (see WebhookChannelHandler); the router
        // serves everything else.
        let routes = webhookRoutes
        return Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: routes.isEmpty ? [] : [OriginFormServerCodec(), WebhookChannelHandler(routes: routes, serverName: serverName)]
            )),
            configuration: .init(
                address: .hostname(configuration.http.host, port: configuration.http.port),
                serverName: serverName
            ),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
    }

    /// Lists a webhook route on the activity board (status page) as always connected: it is a
    /// listening route, and its events are what it reports.
    private func activityRecording(_ sink: any EventSink, route: WebhookConfiguration) -> any EventSink {
        let name = "webhook:\(route.name)"
        activity.setState(name, .connected(detail: "POST \(route.path)"))
        return ActivityRecordingSink(wrapped: sink, activity: activity, name: name)
    }

    /// Runs until one of `signals` arrives (or the task is cancelled). The HTTP server stops
    /// first (intake), then the other services in reverse order of `services`. Tests pass no
    /// signals so a signal meant for another test in the same process cannot stop them.
    public func run(
        signals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let application = try makeApplication(onListening: onListening)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) } + [.init(service: application)],
                gracefulShutdownSignals: signals,
                logger: logger
            )
        )
        try await group.run()
    }
}
