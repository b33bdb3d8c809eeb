import Logging
import Synchronization
import SwitchboardEvents
import Prometheus
import ServiceLifecycle
import SwitchboardConnectors
import SwitchboardKafka
import SwitchboardRules

/// Why `serve` could not start.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let component: String
    public let message: String

    public var description: String { "\(component): \(message)" }
}

/// Builds the whole `serve` process from a configuration: Kafka producer, rule set and its
/// watcher, router, webhooks and HTTP server, in the order that makes shutdown drain correctly.
public enum ServeAssembly {
    public static func make(
        configuration: SwitchboardConfiguration,
        logger: Logger,
        metrics: PrometheusCollectorRegistry?,
        readiness: ReadinessRegistry = ReadinessRegistry(),
        activity: SourceActivityBoard = SourceActivityBoard(),
        recorder: StatusRecorder = StatusRecorder(),
        deduplication: DeduplicationWindow = DeduplicationWindow()
    ) throws(StartupError) -> SwitchboardServer {
        // One load at start, through the watcher, so hot reload does not load the same set again.
        let store = RuleSetStore()
        let ruleWatcher = RuleWatcherService(
            directory: configuration.rules.directory, pollIntervalSeconds: configuration.rules.reloadIntervalSeconds, store: store, logger: logger
        )
        do {
            _ = try ruleWatcher.loadInitialRuleSet()
        } catch {
            throw StartupError(component: "rules (\(configuration.rules.directory))", message: "\n\(error.description)")
        }

        readiness.set(RuntimeMonitorService.kafkaComponent, ready: false, detail: "starting")
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration.kafka, logger: logger)
        } catch {
            throw StartupError(component: "kafka", message: error.description)
        }
        // Ready once librdkafka reports a broker up; `RuntimeMonitorService` keeps it current.
        readiness.set(RuntimeMonitorService.kafkaComponent, ready: false, detail: "connecting to \(producer.bootstrapServers)")

        let thello = configuration.sources.thello.map { ThelloConnector(configuration: $0, logger: logger) }
        for connector in thello {
            do {
                try connector.configuration.validate()
            } catch {
                throw StartupError(component: "sources.thello.\(connector.configuration.name)", message: error.description)
            }
        }
        let thelloBySource = Dictionary(uniqueKeysWithValues: thello.map { ("\(Platform.thello.defaultSource)/\($0.configuration.name)", $0) })
        var executors: [any ActionExecutor] = []
        if !thello.isEmpty { executors.append(ThelloActionExecutor(connectorsBySource: thelloBySource)) }

        // CAMARA Click-to-Dial: calls created by rules carry a per-call sink token that the
        // webhook accepts; the reconciler fills in final states that never arrived.
        let credentials = SinkCredentialStore()
        let observers = EventObservers()
        recorder.observe(observers)
        var reconciler: ClickToDialReconciler<ContinuousClock>?
        let routerBox = RouterBox()
        if let clicktodial = configuration.sources.clicktodial {
            let client: ClickToDialClient
            do {
                client = try ClickToDialClient(configuration: clicktodial, sinkCredentials: { lifetime in
                    let credential = credentials.issue(lifetime: lifetime)
                    return SinkCredential(token: credential.token, expiresAt: credential.expiresAt)
                }, logger: logger)
            } catch {
                throw StartupError(component: "sources.clicktodial", message: error.description)
            }
            let created = ClickToDialReconciler(client: client, logger: logger) { events in
                try? await routerBox.router?.accept(events)
            }
            // Synchronous, so webhook requests stay on the event loop (see EventRouter).
            observers.addSynchronous { event in created.notice(event) }
            executors.append(ClickToDialActionExecutor(client: client, tracker: created, logger: logger))
            reconciler = created
        }
        let sources = try liveSources(configuration: configuration, executors: &executors, logger: logger)
        let router = EventRouter(
            rules: store,
            choice: OperatorChoiceState(configuration: configuration.rules.choice),
            producer: producer,
            executors: executors,
            actions: PerKeySerialQueue(capacity: configuration.rules.maxPendingActions),
            deadLetterTopic: configuration.rules.deadLetterTopic,
            observers: observers,
            logger: logger
        )
        routerBox.router = router
        var services: [any Service] = [producer]
        var buffers = [BufferProbe(label: "switchboard_router_actions_pending") { router.actions.pending }]
        // The monitor needs every source's probe, so it is built after them and inserted here.
        let monitorIndex = services.count
        if configuration.rules.reloadIntervalSeconds > 0 {
            services.append(ruleWatcher)
        }
        services.append(RouterDrainService(router: router))
        if let reconciler { services.append(ClickToDialReconcilerService(reconciler: reconciler)) }
        // Sources stop before the router drains, so nothing new is routed while it drains.
        for connector in thello {
            let service = ThelloSourceService(connector: connector, router: router, readiness: readiness, activity: activity, logger: logger)
            buffers.append(BufferProbe(label: "switchboard_source_ingest_pending", dimensions: [("source", service.componentName)]) { service.ingestPending })
            services.append(service)
        }
        // Every other live source (WebSocket streams, pollers) runs through one service shape.
        for source in sources {
            let service = CallEventSourceService(source: source, router: router, readiness: readiness, activity: activity, logger: logger)
            buffers.append(BufferProbe(label: "switchboard_source_ingest_pending", dimensions: [("source", source.componentName)]) { service.ingestPending })
            services.append(service)
        }
        // Right after the producer: it stops just before the producer does.
        services.insert(RuntimeMonitorService(producer: producer, readiness: readiness, buffers: buffers, logger: logger), at: monitorIndex)
        return SwitchboardServer(
            configuration: configuration,
            logger: logger,
            readiness: readiness,
            activity: activity,
            sink: router,
            credentials: credentials,
            deduplication: deduplication,
            services: services,
            metrics: metrics,
            status: StatusInputs(readiness: readiness, activity: activity, recorder: recorder, rules: store, producer: producer, actions: router.actions)
        )
    }
}

extension ServeAssembly {
    /// The configured `CallEventSource`s, validated, and the action executors that go with them.
    /// Each connector adds its own entries here; a configuration error names the source.
    static func liveSources(
        configuration: SwitchboardConfiguration,
        executors: inout [any ActionExecutor],
        logger: Logger
    ) throws(StartupError) -> [any CallEventSource] {
        var sources: [any CallEventSource] = []
        sources += try antbuddySources(configuration.sources.antbuddy, executors: &executors, logger: logger)
        sources += try telecomCenterSources(configuration.sources.telecomcenter, logger: logger)
        sources += try telnectSources(configuration.sources.telnect, executors: &executors, logger: logger)
        return sources
    }
}

/// Lets the reconciler's emit closure reach the router, which is built after it.
private final class RouterBox: Sendable {
    private let value = Mutex<EventRouter?>(nil)

    var router: EventRouter? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
