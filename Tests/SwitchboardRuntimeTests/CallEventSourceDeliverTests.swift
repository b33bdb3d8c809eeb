import Logging
import Synchronization
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardNormalizers
import SwitchboardRuntime
import Testing

/// `CallEventSourceOutput.deliver` as `CallEventSourceService` implements it: straight into the
/// sink's `accept`, returning only once the sink accepted (Kafka ack or spool in `serve`).
@Suite("CallEventSourceService deliver", .timeLimit(.minutes(2)))
struct CallEventSourceDeliverTests {
    /// Delivers one batch per `run` and records the outcome.
    final class DeliveringSource: CallEventSource {
        let componentName = "test:deliver"
        let events: [CallEvent]
        let outcome = Mutex<Result<Void, CallEventDeliveryError>?>(nil)

        init(events: [CallEvent]) { self.events = events }

        func run(output: CallEventSourceOutput) async throws {
            output.state(.connected(detail: "test"))
            do {
                try await output.deliver(events)
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    static func events() throws -> [CallEvent] {
        let cdr = try JSONValue.parse(#"{"id":"1","type":"termination_cdrs","attributes":{"duration":3,"time_start":"2026-11-23 10:00"}}"#)
        return [try TelecomCenterNormalizer().normalizeResource(cdr, context: NormalizationContext())]
    }

    static func run(_ source: DeliveringSource, sink: CollectingSink, until condition: @escaping @Sendable () -> Bool) async -> Bool {
        let service = CallEventSourceService(source: source, router: sink, readiness: ReadinessRegistry(), activity: SourceActivityBoard(),
                                             logger: Logger(label: "test"))
        let task = Task { try? await service.run() }
        defer { task.cancel() }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("returns once the sink accepted the events")
    func accepted() async throws {
        let sink = CollectingSink()
        let source = DeliveringSource(events: try Self.events())
        #expect(await Self.run(source, sink: sink) { source.outcome.withLock { $0 != nil } })
        #expect(source.outcome.withLock { if case .success? = $0 { true } else { false } })
        #expect(sink.events.map(\.id) == ["telecomcenter-termination_cdrs-1"])
    }

    @Test("waits while the sink is saturated and returns when it accepts")
    func saturatedThenAccepted() async throws {
        let sink = CollectingSink()
        sink.setMode(.saturated(retryAfterSeconds: 1))
        let source = DeliveringSource(events: try Self.events())
        let task = Task {
            try? await Task.sleep(for: .milliseconds(300))
            #expect(source.outcome.withLock { $0 == nil })
            sink.setMode(.accept)
        }
        #expect(await Self.run(source, sink: sink) { source.outcome.withLock { $0 != nil } })
        await task.value
        #expect(source.outcome.withLock { if case .success? = $0 { true } else { false } })
        #expect(sink.events.count == 1)
    }

    @Test("throws when neither Kafka nor the spool took the events, so the source keeps its position")
    func unavailable() async throws {
        let sink = CollectingSink()
        sink.setMode(.unavailable)
        let source = DeliveringSource(events: try Self.events())
        #expect(await Self.run(source, sink: sink) { source.outcome.withLock { $0 != nil } })
        #expect(source.outcome.withLock { if case .failure(let error)? = $0 { error.reason.contains("refuses") } else { false } })
        #expect(sink.events.isEmpty)
    }
}
