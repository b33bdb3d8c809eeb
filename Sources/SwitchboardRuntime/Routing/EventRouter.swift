import Foundation
import Logging
import Metrics
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardRules

/// The router: every accepted event is matched against the active rule set and its actions run.
///
/// Kafka publishes are awaited — `accept` returns once each is acknowledged or spooled, which
/// is what lets a webhook answer 2xx (durable acceptance). Platform actions are queued per call
/// (`partitionkey`), in order, and run in the background; failures go to the dead-letter topic.
public final class EventRouter: EventSink {
    public let rules: RuleSetStore
    public let choice: OperatorChoiceState
    public let producer: KafkaProducer?
    public let actions: PerKeySerialQueue
    /// Where failed actions and unresolvable plans are reported.
    public let deadLetterTopic: String
    private let executors: [String: any ActionExecutor]
    private let observers: EventObservers
    private let logger: Logger
    /// Metrics of the Kafka publish path, made once: a swift-metrics handle built per event
    /// (dimension arrays, a registry lookup under a lock) showed in the webhook ingest profile.
    private let kafkaDelivered = Counter(label: "switchboard_actions_total", dimensions: [("action", "kafka"), ("outcome", "delivered")])
    private let kafkaSpooled = Counter(label: "switchboard_actions_total", dimensions: [("action", "kafka"), ("outcome", "spooled")])
    private let kafkaDuration = Timer(label: "switchboard_action_duration_seconds", dimensions: [("action", "kafka")])
    private let ruleMatches = CounterFamily(label: "switchboard_rule_matches_total", dimension: "rule")

    public init(
        rules: RuleSetStore,
        choice: OperatorChoiceState = OperatorChoiceState(),
        producer: KafkaProducer?,
        executors: [any ActionExecutor] = [],
        actions: PerKeySerialQueue = PerKeySerialQueue(),
        deadLetterTopic: String = "switchboard.deadletter",
        observers: EventObservers = EventObservers(),
        logger: Logger
    ) {
        self.rules = rules
        self.choice = choice
        self.producer = producer
        self.actions = actions
        self.deadLetterTopic = deadLetterTopic
        var byName: [String: any ActionExecutor] = [:]
        for executor in executors {
            for name in executor.actionNames { byName[name] = executor }
        }
        self.executors = byName
        self.observers = observers
        self.logger = logger
    }

    public func accept(_ events: [CallEvent]) async throws(EventSinkError) {
        // Refuse before doing anything when the action queue is nearly full, so a request is
        // either fully routed or not at all.
        if actions.pending + events.count > actions.capacity {
            throw .saturated(retryAfterSeconds: 1)
        }
        let ruleSet = rules.ruleSet
        for event in events {
            await observers.notify(event)
            // Built once: the rules match it and the Kafka binding encodes it.
            let json = event.jsonValue()
            let evaluation = ruleSet.evaluate(json, state: choice)
            for rule in evaluation.matchedRules {
                ruleMatches.increment(rule)
            }
            for error in evaluation.errors {
                Counter(label: "switchboard_action_errors_total", dimensions: [("action", error.action), ("reason", "unresolved-argument")]).increment()
                logger.warning("an action could not be planned", metadata: ["event": .string(event.id), "error": .string(error.description)])
                await reportDeadLetter(event: event, action: error.action, rule: error.rule, arguments: [:], code: "SB_UNRESOLVED_ARGUMENT", message: error.description)
            }
            for plan in evaluation.plans {
                switch plan.action {
                case .kafka(let publish):
                    try await publishToKafka(event, json: json, publish, rule: plan.rule)
                case .drop:
                    Counter(label: "switchboard_actions_total", dimensions: [("action", "drop"), ("outcome", "ok")]).increment()
                    observers.notify(ActionOutcome(rule: plan.rule, action: "drop", eventId: event.id))
                case .log(let log):
                    logger.log(level: Logger.Level(rawValue: log.level.rawValue) ?? .info, "\(log.message)", metadata: ["rule": .string(plan.rule), "event": .string(event.id)])
                default:
                    enqueue(plan, for: event)
                }
            }
        }
    }

    /// Waits for every queued platform action (graceful shutdown).
    public func drain() async {
        await actions.drain()
    }

    private func publishToKafka(_ event: CallEvent, json: JSONValue, _ publish: KafkaPublish, rule: String) async throws(EventSinkError) {
        guard let producer else {
            throw .unavailable(reason: "no Kafka producer is configured")
        }
        let mode: SwitchboardKafka.ContentMode = publish.contentMode == .structured ? .structured : .binary
        var published = event
        var publishedJSON: JSONValue? = json
        if let key = publish.key, key != event.partitionKey {
            // The Kafka key is the event's partitionkey (CloudEvents Kafka binding); a rule that
            // re-keys an event re-keys the extension too, so key and attribute never disagree.
            published.partitionKey = key
            publishedJSON = nil
        }
        let start = ContinuousClock.now
        do {
            // One array, sorted in place (sorting the dictionary and mapping built two).
            var headers: [(String, String)] = []
            if !publish.headers.isEmpty {
                headers.reserveCapacity(publish.headers.count)
                for (name, value) in publish.headers { headers.append((name, value)) }
                headers.sort { $0.0 < $1.0 }
            }
            let report = try await producer.send(published, json: publishedJSON, topic: publish.topic, mode: mode, extraHeaders: headers)
            (report.isDelivered ? kafkaDelivered : kafkaSpooled).increment()
            kafkaDuration.record(duration: ContinuousClock.now - start)
            observers.notify(ActionOutcome(rule: rule, action: "kafka", eventId: event.id))
        } catch {
            Counter(label: "switchboard_actions_total", dimensions: [("action", "kafka"), ("outcome", "failed")]).increment()
            observers.notify(ActionOutcome(rule: rule, action: "kafka", eventId: event.id, error: "\(error)"))
            throw .unavailable(reason: "\(error)")
        }
    }

    private func enqueue(_ plan: ActionPlan, for event: CallEvent) {
        let name = plan.action.name
        guard let executor = executors[name] else {
            Counter(label: "switchboard_actions_total", dimensions: [("action", name), ("outcome", "no-executor")]).increment()
            logger.warning("no connector is configured for this action", metadata: ["action": .string(name), "rule": .string(plan.rule), "event": .string(event.id)])
            let reason = "no connector configured for \(name)"
            _ = actions.submit(key: event.partitionKey) { [self] in
                await reportDeadLetter(event: event, action: name, rule: plan.rule, arguments: plan.arguments, code: "SB_NO_EXECUTOR", message: reason)
            }
            return
        }
        let accepted = actions.submit(key: event.partitionKey) { [self] in
            let start = ContinuousClock.now
            do {
                try await executor.execute(plan, for: event)
                Counter(label: "switchboard_actions_total", dimensions: [("action", name), ("outcome", "ok")]).increment()
                observers.notify(ActionOutcome(rule: plan.rule, action: name, eventId: event.id))
            } catch {
                Counter(label: "switchboard_actions_total", dimensions: [("action", name), ("outcome", "failed")]).increment()
                logger.warning("action failed", metadata: ["action": .string(name), "rule": .string(plan.rule), "event": .string(event.id), "error": .string("\(error)")])
                await reportDeadLetter(event: event, action: name, rule: plan.rule, arguments: plan.arguments, error: error)
            }
            Timer(label: "switchboard_action_duration_seconds", dimensions: [("action", name)]).record(duration: ContinuousClock.now - start)
        }
        if !accepted {
            Counter(label: "switchboard_actions_total", dimensions: [("action", name), ("outcome", "rejected-full")]).increment()
            logger.error("action queue full; action not run", metadata: ["action": .string(name), "event": .string(event.id)])
            observers.notify(ActionOutcome(rule: plan.rule, action: name, eventId: event.id, error: "the action queue is full; the action was not run"))
        }
    }

    /// Publishes a `switchboard.action.failed` event for `event` on the dead-letter topic: the
    /// call's data plus `data.failure` (action, rule, stable error code, message, arguments, the
    /// id of the triggering event). Structured mode, so the record alone is the whole event.
    func reportDeadLetter(event: CallEvent, action: String, rule: String, arguments: [String: JSONValue], error: any Error) async {
        await reportDeadLetter(event: event, action: action, rule: rule, arguments: arguments, code: Self.errorCode(error), message: "\(error)")
    }

    /// Every failed action comes through here, so this is also where observers hear of failures.
    func reportDeadLetter(event: CallEvent, action: String, rule: String, arguments: [String: JSONValue], code: String, message: String) async {
        observers.notify(ActionOutcome(rule: rule, action: action, eventId: event.id, error: message))
        let failed = event.actionFailed(ActionFailure(action: action, rule: rule, code: code, message: message, arguments: arguments, cause: event.id))
        guard let producer else { return }
        do {
            _ = try await producer.send(failed, topic: deadLetterTopic, mode: .structured)
        } catch {
            logger.error("dead-letter report could not be published", metadata: ["action": .string(action), "event": .string(event.id), "error": .string("\(error)")])
        }
    }

    /// The connector's stable code (`AB_DEVICE_OFFLINE`, `TELNECT_REJECTED`...), or
    /// `SB_ACTION_FAILED` for errors that carry none.
    static func errorCode(_ error: any Error) -> String {
        if let platform = error as? any PlatformRequestError { return platform.code.rawValue }
        if let thello = error as? ThelloError { return thello.code.rawValue }
        return "SB_ACTION_FAILED"
    }
}
