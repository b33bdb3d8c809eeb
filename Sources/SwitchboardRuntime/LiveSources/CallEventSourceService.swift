import Logging
import Metrics
import ServiceLifecycle
import SwitchboardConnectors
import SwitchboardEvents

/// Runs one `CallEventSource` inside `serve`: mirrors its state into `/readyz`, metrics and the
/// activity board, routes its events (one call in order, calls concurrently) and restarts it with
/// backoff when it fails.
public final class CallEventSourceService: Service, Sendable {
    public let source: any CallEventSource
    private let router: any EventSink
    private let readiness: ReadinessRegistry
    private let activity: SourceActivityBoard
    private let ingest: PerKeySerialQueue
    private let logger: Logger

    public init(
        source: any CallEventSource,
        router: any EventSink,
        readiness: ReadinessRegistry,
        activity: SourceActivityBoard,
        ingestCapacity: Int = 10_000,
        logger: Logger
    ) {
        self.source = source
        self.router = router
        self.readiness = readiness
        self.activity = activity
        self.ingest = PerKeySerialQueue(capacity: ingestCapacity)
        var logger = logger
        logger[metadataKey: "source"] = .string(source.componentName)
        self.logger = logger
        // Registered at assembly: `/readyz` must not be ready before the first connection.
        readiness.set(source.componentName, ready: false, detail: "not started")
        activity.register(source.componentName)
    }

    private var name: String { source.componentName }

    /// Events queued for routing and not yet accepted by the router (a buffer-depth gauge).
    public var ingestPending: Int { ingest.pending }

    public func run() async throws {
        let output = CallEventSourceOutput(
            emit: { [self] events in await self.emit(events) },
            state: { [self] state in self.report(state) },
            skipped: { [self] reason, detail in self.skip(reason: reason, detail: detail) },
            deliver: { [self] events throws(CallEventDeliveryError) in try await self.deliver(events) }
        )
        await cancelWhenGracefulShutdown { [self] in
            var delayMilliseconds: Int64 = 500
            while !Task.isCancelled {
                do {
                    try await self.source.run(output: output)
                    return
                } catch {
                    if Task.isCancelled { return }
                    self.report(.disconnected(reason: "\(error)"))
                    Counter(label: "switchboard_source_connect_failures_total", dimensions: [("source", self.name)]).increment()
                    // Half fixed, half random: instances restarted together do not retry in lockstep.
                    let wait = delayMilliseconds / 2 + Int64.random(in: 0...delayMilliseconds / 2)
                    self.logger.error("source failed; restarting", metadata: ["error": .string("\(error)"), "retryInMs": .stringConvertible(wait)])
                    try? await Task.sleep(for: .milliseconds(wait))
                    delayMilliseconds = min(delayMilliseconds * 2, 30_000)
                }
            }
        }
        await ingest.drain()
        readiness.set(name, ready: false, detail: "stopped")
    }

    private func report(_ state: SourceConnectionState) {
        let gauge = Gauge(label: "switchboard_source_connected", dimensions: [("source", name)])
        switch state {
        case .connecting:
            readiness.set(name, ready: false, detail: "connecting")
            gauge.record(0)
        case .connected(let detail):
            readiness.set(name, ready: true, detail: detail)
            gauge.record(1)
        case .disconnected(let reason):
            readiness.set(name, ready: false, detail: "reconnecting: \(reason)")
            gauge.record(0)
            logger.warning("source disconnected", metadata: ["reason": .string(reason)])
        }
        if activity.setState(name, state) {
            Counter(label: "switchboard_source_reconnects_total", dimensions: [("source", name)]).increment()
            logger.info("source reconnected")
        }
    }

    private func skip(reason: String, detail: String) {
        activity.recordSkipped(name)
        Counter(label: "switchboard_source_records_skipped_total", dimensions: [("source", name), ("reason", reason)]).increment()
        logger.warning("record skipped", metadata: ["reason": .string(reason), "detail": .string(detail)])
    }

    private func emit(_ events: [CallEvent]) async {
        guard !events.isEmpty else { return }
        activity.recordEvents(name, count: events.count)
        for event in events {
            Counter(label: "switchboard_events_received_total", dimensions: [("source", name), ("type", event.type.rawValue)]).increment()
            // Backpressure: while the ingest queue is full, the source waits (and stops reading).
            while !ingest.submit(key: event.partitionKey, { [self] in await self.route(event) }) {
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// The durable path (pollers): straight into the router's `accept`, which returns after the
    /// Kafka acknowledgement or spool write. A saturated router is waited out here; an
    /// unavailable one is reported, so the source keeps its position and offers the events again.
    private func deliver(_ events: [CallEvent]) async throws(CallEventDeliveryError) {
        guard !events.isEmpty else { return }
        activity.recordEvents(name, count: events.count)
        for event in events {
            Counter(label: "switchboard_events_received_total", dimensions: [("source", name), ("type", event.type.rawValue)]).increment()
        }
        while true {
            do {
                try await router.accept(events)
                return
            } catch {
                switch error {
                case .saturated(let retryAfterSeconds):
                    do {
                        try await Task.sleep(for: .seconds(max(retryAfterSeconds, 1)))
                    } catch {
                        throw CallEventDeliveryError(reason: "stopped while the router was saturated")
                    }
                case .unavailable(let reason):
                    Counter(label: "switchboard_source_delivery_failures_total", dimensions: [("source", name)]).increment()
                    throw CallEventDeliveryError(reason: reason)
                }
            }
        }
    }

    private func route(_ event: CallEvent) async {
        await router.acceptRetrying(event, logger: logger)
    }
}
