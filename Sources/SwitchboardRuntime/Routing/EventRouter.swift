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
        try checkCapacity(for: events)
        let ruleSet = rules.ruleSet
        for event in events {
            await observers.notify(event)
            // Built once: the rules match it and the Kafka binding encodes it.
            let json = event.jsonValue()
            let evaluation = evaluate(event, json: json, ruleSet)
            for error in evaluation.errors {
                await reportUnresolved(error, for: event)
            }
            for plan in evaluation.plans {
                if case .kafka(let publish) = plan.action {
                    try await publishToKafka(Publication(event: event, json: json, publish: publish, rule: plan.rule))
                } else {
                    run(plan, for: event)
                }
            }
        }
    }

    /// Routes `events` at once, on the caller's thread, and completes from the Kafka delivery
    /// reports: no task per request, which is most of what a webhook costs on a small machine.
    /// Platform actions are queued as `accept` queues them. With an observer that must be
    /// awaited, or when librdkafka's queue is full, the rest continues in a task.
    public func accept(_ events: [CallEvent], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        guard !observers.hasAsynchronousObservers else {
            return acceptInTask(events, completion: completion)
        }
        do {
            try checkCapacity(for: events)
        } catch {
            return completion(.failure(error))
        }
        let ruleSet = rules.ruleSet
        var publications: [Publication] = []
        for event in events {
            observers.notifySynchronously(event)
            let json = event.jsonValue()
            let evaluation = evaluate(event, json: json, ruleSet)
            for error in evaluation.errors {
                Task { await reportUnresolved(error, for: event) }
            }
            for plan in evaluation.plans {
                if case .kafka(let publish) = plan.action {
                    publications.append(Publication(event: event, json: json, publish: publish, rule: plan.rule))
                } else {
                    run(plan, for: event)
                }
            }
        }
        publish(publications, completion: completion)
    }

    /// Waits for every queued platform action (graceful shutdown).
    public func drain() async {
        await actions.drain()
    }

    /// Refuses before doing anything when the action queue is nearly full, so a request is
    /// either fully routed or not at all.
    private func checkCapacity(for events: [CallEvent]) throws(EventSinkError) {
        if actions.pending + events.count > actions.capacity {
            throw .saturated(retryAfterSeconds: 1)
        }
    }

    /// Matches the rules and counts what matched; unresolved arguments are logged here and
    /// reported by the caller.
    private func evaluate(_ event: CallEvent, json: JSONValue, _ ruleSet: RuleSet) -> RuleEvaluation {
        let evaluation = ruleSet.evaluate(json, state: choice)
        for rule in evaluation.matchedRules {
            ruleMatches.increment(rule)
        }
        for error in evaluation.errors {
            Counter(label: "switchboard_action_errors_total", dimensions: [("action", error.action), ("reason", "unresolved-argument")]).increment()
            logger.warning("an action could not be planned", metadata: ["event": .string(event.id), "error": .string(error.description)])
        }
        return evaluation
    }

    private func reportUnresolved(_ error: ActionResolutionError, for event: CallEvent) async {
        await reportDeadLetter(event: event, action: error.action, rule: error.rule, arguments: [:], code: "SB_UNRESOLVED_ARGUMENT", message: error.description)
    }

    /// Runs a plan that is not a Kafka publish: drop and log at once, platform actions queued.
    private func run(_ plan: ActionPlan, for event: CallEvent) {
        switch plan.action {
        case .drop:
            Counter(label: "switchboard_actions_total", dimensions: [("action", "drop"), ("outcome", "ok")]).increment()
            observers.notify(ActionOutcome(rule: plan.rule, action: "drop", eventId: event.id))
        case .log(let log):
            logger.log(level: Logger.Level(rawValue: log.level.rawValue) ?? .info, "\(log.message)", metadata: ["rule": .string(plan.rule), "event": .string(event.id)])
        default:
            enqueue(plan, for: event)
        }
    }

    /// One Kafka publish decided by the rules.
    struct Publication: Sendable {
        let event: CallEvent
        let json: JSONValue
        let publish: KafkaPublish
        let rule: String

        var mode: SwitchboardKafka.ContentMode { publish.contentMode == .structured ? .structured : .binary }

        /// The event as published, and its JSON when that is still the event's: a rule that
        /// re-keys an event re-keys the `partitionkey` extension too (CloudEvents Kafka binding),
        /// so key and attribute never disagree.
        var published: (event: CallEvent, json: JSONValue?) {
            guard let key = publish.key, key != event.partitionKey else { return (event, json) }
            var published = event
            published.partitionKey = key
            return (published, nil)
        }

        /// The rule's extra headers, sorted by name, in one array.
        var headers: [(String, String)] {
            var headers: [(String, String)] = []
            if !publish.headers.isEmpty {
                headers.reserveCapacity(publish.headers.count)
                for (name, value) in publish.headers { headers.append((name, value)) }
                headers.sort { $0.0 < $1.0 }
            }
            return headers
        }
    }

    private func publishToKafka(_ publication: Publication) async throws(EventSinkError) {
        guard let producer else {
            throw .unavailable(reason: "no Kafka producer is configured")
        }
        let start = ContinuousClock.now
        let published = publication.published
        do {
            let report = try await producer.send(published.event, json: published.json, topic: publication.publish.topic, mode: publication.mode, extraHeaders: publication.headers)
            recordDelivery(report, rule: publication.rule, eventId: publication.event.id, since: start)
        } catch {
            throw recordFailure(error, rule: publication.rule, eventId: publication.event.id)
        }
    }

    /// Hands every publication to librdkafka in order and completes once all are reported.
    private func publish(_ publications: [Publication], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        guard !publications.isEmpty else { return completion(.success(())) }
        guard let producer else { return completion(.failure(.unavailable(reason: "no Kafka producer is configured"))) }
        let outcome = PublicationOutcome(count: publications.count, completion: completion)
        let start = ContinuousClock.now
        for (index, publication) in publications.enumerated() {
            let published = publication.published
            // The report needs the rule and the event id only: the event's JSON is freed here,
            // on the thread that built it, not on the poll thread.
            let rule = publication.rule, eventId = publication.event.id
            do {
                try producer.enqueue(published.event, json: published.json, topic: publication.publish.topic, mode: publication.mode, extraHeaders: publication.headers) { [self] result in
                    switch result {
                    case .success(let report):
                        recordDelivery(report, rule: rule, eventId: eventId, since: start)
                        outcome.finish(nil)
                    case .failure(let error):
                        outcome.finish(recordFailure(error, rule: rule, eventId: eventId))
                    }
                }
            } catch where error.code == .queueFull {
                // The rest waits for space in a task, in order, as `accept` would.
                let rest = publications[index...]
                Task {
                    for publication in rest {
                        do throws(EventSinkError) {
                            try await publishToKafka(publication)
                            outcome.finish(nil)
                        } catch {
                            outcome.finish(error)
                        }
                    }
                }
                return
            } catch {
                outcome.finish(recordFailure(error, rule: publication.rule, eventId: publication.event.id))
            }
        }
    }

    private func recordDelivery(_ report: DeliveryReport, rule: String, eventId: String, since start: ContinuousClock.Instant) {
        (report.isDelivered ? kafkaDelivered : kafkaSpooled).increment()
        kafkaDuration.record(duration: ContinuousClock.now - start)
        observers.notify(ActionOutcome(rule: rule, action: "kafka", eventId: eventId))
    }

    private func recordFailure(_ error: KafkaError, rule: String, eventId: String) -> EventSinkError {
        Counter(label: "switchboard_actions_total", dimensions: [("action", "kafka"), ("outcome", "failed")]).increment()
        observers.notify(ActionOutcome(rule: rule, action: "kafka", eventId: eventId, error: "\(error)"))
        return .unavailable(reason: "\(error)")
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
