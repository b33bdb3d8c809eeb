import Logging
import Metrics
import ServiceLifecycle
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardNormalizers

/// One Thello tenant as a source: the connector's `BlocEvent`s are normalized and routed; the
/// connector is restarted with backoff when it cannot start, and its state drives `/readyz`.
///
/// Events of one call are routed in arrival order; different calls are routed concurrently
/// (through `ingest`), so one slow Kafka delivery does not hold up queue steering of other calls.
public final class ThelloSourceService: Service, Sendable {
    public let connector: ThelloConnector
    private let router: any EventSink
    private let readiness: ReadinessRegistry
    private let activity: SourceActivityBoard
    private let ingest: PerKeySerialQueue
    private let logger: Logger
    private let normalizer = ThelloNormalizer()

    public init(
        connector: ThelloConnector, router: any EventSink, readiness: ReadinessRegistry, activity: SourceActivityBoard = SourceActivityBoard(),
        ingestCapacity: Int = 10_000, logger: Logger
    ) {
        self.connector = connector
        self.router = router
        self.readiness = readiness
        self.activity = activity
        self.ingest = PerKeySerialQueue(capacity: ingestCapacity)
        var logger = logger
        logger[metadataKey: "source"] = "thello:\(connector.configuration.name)"
        self.logger = logger
        // Registered now, not when the service starts: `/readyz` must not report ready in the
        // moment between assembly and the first connection attempt.
        readiness.set(componentName, ready: false, detail: "not started")
        activity.register(componentName)
    }

    /// Events queued for routing and not yet accepted by the router (a buffer-depth gauge).
    public var ingestPending: Int { ingest.pending }

    var componentName: String { "thello:\(connector.configuration.name)" }
    /// The CloudEvents `source` of this tenant's events; actions find their connector by it.
    public var eventSource: String { "\(Platform.thello.defaultSource)/\(connector.configuration.name)" }

    public func run() async throws {
        readiness.set(componentName, ready: false, detail: "connecting")
        connector.onBlocEvent { [self] event in await self.receive(event) }
        await cancelWhenGracefulShutdown { [self] in
            await self.startWithBackoff()
            await self.watchConnection()
        }
        await connector.stop()
        await ingest.drain()
        readiness.set(componentName, ready: false, detail: "stopped")
        activity.setState(componentName, .disconnected(reason: "stopped"), countsReconnects: false)
    }

    private func startWithBackoff() async {
        var delayMilliseconds: Int64 = 500
        while !Task.isCancelled {
            do {
                try await connector.start()
                return
            } catch {
                readiness.set(componentName, ready: false, detail: "cannot connect: \(error.code.rawValue)")
                activity.setState(componentName, .disconnected(reason: "cannot connect: \(error.code.rawValue)"), countsReconnects: false)
                Counter(label: "switchboard_source_connect_failures_total", dimensions: [("source", componentName)]).increment()
                // Half fixed, half random: instances restarted together do not retry in lockstep.
                let wait = delayMilliseconds / 2 + Int64.random(in: 0...delayMilliseconds / 2)
                logger.error("Thello connector cannot start; retrying", metadata: ["error": .string(error.description), "retryInMs": .stringConvertible(wait)])
                try? await Task.sleep(for: .milliseconds(wait))
                delayMilliseconds = min(delayMilliseconds * 2, 30_000)
            }
        }
    }

    /// Mirrors the connection state into readiness, the activity board and a gauge once a
    /// second; reconnects come from the hub client's own count, which sees every one.
    private func watchConnection() async {
        let gauge = Gauge(label: "switchboard_source_connected", dimensions: [("source", componentName)])
        let reconnects = Counter(label: "switchboard_source_reconnects_total", dimensions: [("source", componentName)])
        var reconnectsSeen = connector.statistics.hub.reconnects
        while !Task.isCancelled {
            let connected = connector.isConnected
            let detail = connected ? "connected, blocs subscribed" : "reconnecting"
            readiness.set(componentName, ready: connected, detail: detail)
            activity.setState(componentName, connected ? .connected(detail: detail) : .disconnected(reason: detail), countsReconnects: false)
            gauge.record(connected ? 1 : 0)
            let total = connector.statistics.hub.reconnects
            if total > reconnectsSeen {
                reconnects.increment(by: Int64(total - reconnectsSeen))
                activity.recordReconnects(componentName, count: total - reconnectsSeen)
                logger.info("hub reconnected", metadata: ["reconnects": .stringConvertible(total)])
                reconnectsSeen = total
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    func receive(_ event: ThelloBlocEvent) async {
        guard var events = normalized(event) else { return }
        for index in events.indices {
            await enrich(&events[index])
        }
        activity.recordEvents(componentName, count: events.count)
        for callEvent in events {
            Counter(label: "switchboard_events_received_total", dimensions: [("source", componentName), ("type", callEvent.type.rawValue)]).increment()
            // Backpressure: when the ingest queue is full, reading from the hub waits.
            while !ingest.submit(key: callEvent.partitionKey, { [self] in await self.route(callEvent) }) {
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// The `BlocEvent` as call events, or nil (counted, logged) when it cannot be normalized.
    private func normalized(_ event: ThelloBlocEvent) -> [CallEvent]? {
        // The normalizer reads what arrives on the wire: the SignalR invocation record.
        let record: JSONValue = [
            "type": 1, "target": "BlocEvent",
            "arguments": .array([event.blocId, event.eventName, event.callId, event.fromName, event.fromNumber, event.to, event.data, event.callContextId].map { .string($0) }),
        ]
        do {
            return try normalizer.normalize(json: record, context: NormalizationContext(source: eventSource))
        } catch {
            Counter(label: "switchboard_normalize_failures_total", dimensions: [("platform", "thello"), ("reason", error.code)]).increment()
            logger.warning("BlocEvent could not be normalized", metadata: ["error": .string(error.description)])
            return nil
        }
    }

    /// Reads the tenant's `enrichVariables` with `GetVariable` into `data.variables`, so rules can
    /// route on call-flow state. A variable that cannot be read is left out and counted.
    private func enrich(_ event: inout CallEvent) async {
        guard let context = event.data.callContextId, !context.isEmpty else { return }
        for name in connector.configuration.enrichVariables {
            do {
                if let value = try await connector.getVariable(callContextId: context, name: name), value != .null {
                    event.data.variables[name] = value
                }
            } catch {
                Counter(label: "switchboard_enrichment_failures_total", dimensions: [("source", componentName)]).increment()
                logger.warning("GetVariable failed; routing without it", metadata: ["variable": .string(name), "error": .string(error.description)])
            }
        }
    }

    private func route(_ event: CallEvent) async {
        await router.acceptRetrying(event, logger: logger)
    }
}
