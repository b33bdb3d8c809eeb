import ArgumentParser
import Foundation
import HTTPTypes
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardNormalizers
import SwitchboardRules
import SwitchboardRuntime

/// `switchboard-bench ingest-stages`: CPU cost of each in-process step a webhook request pays
/// between the HTTP body and the Kafka record, on the webhook benchmark's CAMARA event and rules.
///
/// The steps are cumulative (each row adds one step to the row above), so the difference
/// between two rows is that step's cost, allocation and release of its values included. HTTP,
/// task switches and librdkafka are not in these figures: `scripts/bench-webhook.sh` measures
/// the whole request. One thread; thread CPU time.
struct IngestStagesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-stages",
        abstract: "CPU µs per webhook event of each in-process step: decode, normalize, rules, Kafka record."
    )

    @Option(help: "The rule directory (e.g. written by bench/generate-rules.py); none: no rules step.")
    var rules: String?

    @Option(help: "The CloudEvent body to decode (structured mode).")
    var body: String = "bench/camara-status-changed.json"

    @Option(help: "Seconds to run each measurement.")
    var seconds: Double = 1

    @Option(help: ArgumentHelp(
        "Before every call, write one byte per cache line of a buffer this large (KiB; 0: off), so each call starts with cold caches as a request in the server does.",
        discussion: "The buffer's own cost is measured alone and subtracted from every row."
    ))
    var evictKilobytes: Int = 0

    func run() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: body)))
        let headers: HTTPFields = [.contentType: CloudEventsHTTPBinding.structuredMediaType]
        let normalizer = Normalizers.normalizer(for: .clicktodial)
        let context = NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        let ruleSet = try rules.map { try RuleSetLoader.load(directory: $0) }
        let choice = OperatorChoiceState()

        func decode() throws -> [JSONValue] {
            try CloudEventsHTTPBinding.decode(headers: headers, body: bytes, limits: context.limits)
        }
        func normalized() throws -> CallEvent {
            try normalizer.normalize(json: try decode()[0], context: context)[0]
        }
        let event = try normalized()
        let plans = ruleSet.map { $0.evaluate(event.jsonValue(), state: choice).plans.count } ?? 0

        // One byte per 64-byte line: enough to push the previous call's code and data out of
        // the caches, without the cost of writing every byte.
        let eviction = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, evictKilobytes * 1024))
        eviction.initialize(repeating: 0)
        defer { eviction.deallocate() }
        var evictionRound: UInt8 = 0
        func evict() {
            guard evictKilobytes > 0 else { return }
            evictionRound &+= 1
            for line in stride(from: 0, to: eviction.count, by: 64) { eviction[line] = evictionRound }
        }
        let evictionCost = evictKilobytes > 0 ? ThreadCPUClock.microsecondsPerCall(seconds: seconds, evict) : 0

        let cold = evictKilobytes > 0 ? String(format: "; cold caches: %d KiB written before each call (%.2f µs, subtracted)", evictKilobytes, evictionCost) : ""
        print("ingest steps, 1 thread, thread CPU µs per event, cumulative; \(bytes.count)-byte CloudEvent, \(ruleSet?.rules.count ?? 0) rules (\(plans) plans for this event)\(cold)")
        var previous = 0.0
        func row(_ name: String, _ body: () throws -> Void) rethrows {
            try body()
            let cost = try ThreadCPUClock.microsecondsPerCall(seconds: seconds) {
                evict()
                try body()
            } - evictionCost
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.2f µs  (+%.2f)", cost, cost - previous))
            previous = cost
        }
        try row("decode (parse + validate)") { _ = try decode() }
        try row("+ normalize") { _ = try normalized() }
        try row("+ event JSON (jsonValue)") { _ = try normalized().jsonValue() }
        if let ruleSet {
            try row("+ rules (evaluate)") {
                let event = try normalized()
                _ = ruleSet.evaluate(event.jsonValue(), state: choice)
            }
        }
        try row("+ Kafka record (binary mode)") {
            let event = try normalized()
            let json = event.jsonValue()
            _ = ruleSet?.evaluate(json, state: choice)
            _ = CloudEventsKafkaBinding.encode(event, json: json, mode: .binary)
        }
    }
}
