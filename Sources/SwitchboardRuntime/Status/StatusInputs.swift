import Foundation
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardRules

/// What the status page reads: the live state the runtime already keeps (readiness, source
/// activity, the rule store, the Kafka producer, the action queue) and the recorder. Everything
/// here is thread-safe, so HTTP handlers read it without coordinating with the services.
public struct StatusInputs: Sendable {
    public let readiness: ReadinessRegistry
    public let activity: SourceActivityBoard
    public let recorder: StatusRecorder
    public let rules: RuleSetStore?
    public let producer: KafkaProducer?
    /// The router's per-call platform action queue.
    public let actions: PerKeySerialQueue?
    public let startedAt: Date

    /// What the page reads; the optional parts are left out of the page when nil.
    public init(
        readiness: ReadinessRegistry,
        activity: SourceActivityBoard,
        recorder: StatusRecorder,
        rules: RuleSetStore? = nil,
        producer: KafkaProducer? = nil,
        actions: PerKeySerialQueue? = nil,
        startedAt: Date = Date()
    ) {
        self.readiness = readiness
        self.activity = activity
        self.recorder = recorder
        self.rules = rules
        self.producer = producer
        self.actions = actions
        self.startedAt = startedAt
    }

    /// The document `/status.json` answers and the page renders.
    public func document(now: Date = Date()) -> JSONValue {
        let recorded = recorder.snapshot(at: now)
        return [
            "version": .string(SwitchboardVersion.current),
            "now": Self.time(now),
            "startedAt": Self.time(startedAt),
            "ready": .bool(readiness.isReady),
            "components": .array(readiness.components.map {
                ["name": .string($0.name), "ready": .bool($0.ready), "detail": .string($0.detail)]
            }),
            "sources": .array(activity.snapshot.map(Self.source)),
            "kafka": kafka,
            "rules": ruleSet,
            "rates": [
                "windowSeconds": .integer(Int64(recorder.configuration.rateWindowSeconds)),
                "eventsPerSecond": .double(Self.rounded(recorded.eventsPerSecond)),
                "actionsPerSecond": .double(Self.rounded(recorded.actionsPerSecond)),
                "actionFailuresPerSecond": .double(Self.rounded(recorded.actionFailuresPerSecond)),
                "eventsTotal": .integer(Int64(recorded.eventsTotal)),
                "actionsTotal": .integer(Int64(recorded.actionsTotal)),
                "actionFailuresTotal": .integer(Int64(recorded.actionFailuresTotal)),
                "actionsPending": .integer(Int64(actions?.pending ?? 0)),
            ],
            "recentEvents": .array(recorded.events.map {
                ["id": .string($0.id), "type": .string($0.type), "source": .string($0.source), "callId": .string($0.callId), "time": Self.time($0.time)]
            }),
            "recentFailures": .array(recorded.failures.map {
                ["rule": .string($0.rule), "action": .string($0.action), "eventId": .string($0.eventId), "error": .string($0.error), "time": Self.time($0.time)]
            }),
        ]
    }

    private static func source(_ entry: SourceActivityBoard.Entry) -> JSONValue {
        let (state, detail): (String, String) = switch entry.state {
        case .connecting: ("connecting", "")
        case .connected(let detail): ("connected", detail)
        case .disconnected(let reason): ("disconnected", reason)
        }
        return [
            "name": .string(entry.name),
            "state": .string(state),
            "detail": .string(detail),
            "since": time(entry.stateSince),
            "lastEventAt": entry.lastEventAt.map(time) ?? .null,
            "eventsReceived": .integer(Int64(entry.eventsReceived)),
            "reconnects": .integer(Int64(entry.reconnects)),
            "skippedRecords": .integer(Int64(entry.skippedRecords)),
        ]
    }

    private var kafka: JSONValue {
        guard let producer else { return ["configured": false] }
        let connectivity = producer.brokerConnectivity
        return [
            "configured": true,
            "embedded": .bool(producer.embeddedCluster != nil),
            "bootstrap": .string(producer.bootstrapServers),
            "state": .string(connectivity.summary),
            "brokersUp": .integer(Int64(connectivity.connected)),
            "brokersKnown": .integer(Int64(connectivity.known)),
            "inFlight": .integer(Int64(producer.inFlightCount)),
            "queueLength": .integer(Int64(producer.queueLength)),
            "spoolPath": .string(producer.spool.path),
        ]
    }

    private var ruleSet: JSONValue {
        guard let rules else { return ["configured": false] }
        let snapshot = rules.snapshot
        return [
            "configured": true,
            "version": .string(snapshot.version),
            "generation": .integer(Int64(snapshot.generation)),
            "rules": .integer(Int64(snapshot.ruleSet.rules.count)),
            "loadedAt": Self.time(snapshot.loadedAt),
            "lastError": snapshot.lastError.map { JSONValue.string($0.description) } ?? .null,
            "lastErrorAt": snapshot.lastErrorAt.map(Self.time) ?? .null,
        ]
    }

    static func time(_ date: Date) -> JSONValue { .string(Timestamp(date).rfc3339) }

    private static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
