import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardRules

/// `switchboard-bench rules`: rule matching throughput at growing rule counts, and load time.
///
/// Each rule set is a realistic mix: exact `type` and called number, a caller-number prefix, an
/// `anything-but` on direction, and a `numeric` range on a quarter of the rules. Half of the
/// events hit one rule's called number, half hit none, at every size, so each size does the same
/// work per event and only the rule count differs. One thread, so the figure is per core.
///
/// The machine is shared, so besides wall-clock rates the command reports rates per second of
/// the thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`), which other processes do not inflate,
/// and keeps the best of several rounds.
struct RulesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Events/s of rule matching with 10 to 100,000 rules, and rule-set load time."
    )

    @Option(help: "Rule counts to measure, comma-separated.")
    var counts: String = "10,1000,10000,100000"

    @Option(help: "Seconds to run each measurement round.")
    var seconds: Double = 0.5

    @Option(help: "Rounds per rule count; the best round is reported.")
    var rounds: Int = 6

    func run() throws {
        let sizes = counts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        print("rule matching, 1 thread, pre-normalized CallEvent JSON, each event matches 0 or 1 generated rules")
        print("rounds interleave the sizes (\(rounds) x \(seconds) s each); the best round per size is reported")
        var sets: [(size: Int, ruleSet: RuleSet, events: [CallEvent], json: [JSONValue], loadWall: Double, loadCPU: Double)] = []
        for size in sizes {
            let text = Self.ruleFile(count: size)
            let wallStart = ContinuousClock.now
            let cpuStart = ThreadCPUClock.seconds()
            let ruleSet = try RuleSetLoader.load(ruleFiles: [.init(path: "bench.yaml", text: text)])
            let loadCPU = ThreadCPUClock.seconds() - cpuStart
            let loadWall = Self.seconds(ContinuousClock.now - wallStart)
            let events = Self.events(ruleCount: size)
            sets.append((size, ruleSet, events, events.map { $0.jsonValue() }, loadWall, loadCPU))
        }
        // Interleaving spreads the shared machine's load spikes over all sizes alike.
        var best = [(wall: Double, cpu: Double)](repeating: (0, 0), count: sets.count)
        for _ in 0..<max(1, rounds) {
            for (position, set) in sets.enumerated() {
                let rate = measure(set.ruleSet, set.json)
                best[position] = (max(best[position].wall, rate.wall), max(best[position].cpu, rate.cpu))
            }
        }
        print(Self.row("rules", "load s", "load cpu s", "events/s", "events/cpu-s", "cpu vs first"))
        for (position, set) in sets.enumerated() {
            let baseline = best[0].cpu
            print(Self.row(String(set.size), String(format: "%.3f", set.loadWall), String(format: "%.3f", set.loadCPU),
                           String(format: "%.0f", best[position].wall), String(format: "%.0f", best[position].cpu),
                           String(format: "%.0f %%", best[position].cpu / baseline * 100)))
        }
        // What the router pays per event: the CallEvent's JSON form is built, then matched.
        if let largest = sets.last(where: { $0.size <= 10_000 }) ?? sets.first {
            var bestCPU = 0.0
            for _ in 0..<max(1, rounds) { bestCPU = max(bestCPU, measureCallEvents(largest.ruleSet, largest.events)) }
            print("with CallEvent.jsonValue() per event, \(largest.size) rules: \(String(format: "%.0f", bestCPU)) events/cpu-s"
                  + " (\(String(format: "%.2f", 1e6 / bestCPU)) µs of CPU per event)")
        }
    }

    /// Events per CPU-second of `RuleSet.evaluate(CallEvent)`, which builds the event's JSON first.
    private func measureCallEvents(_ ruleSet: RuleSet, _ events: [CallEvent]) -> Double {
        let state = OperatorChoiceState()
        var planned = 0
        let clock = ContinuousClock()
        let started = clock.now
        let cpuStarted = ThreadCPUClock.seconds()
        var evaluated = 0
        while clock.now - started < .milliseconds(Int64(seconds * 1000)) {
            for event in events { planned &+= ruleSet.evaluate(event, state: state).plans.count }
            evaluated += events.count
        }
        if planned == -1 { print("") }
        return Double(evaluated) / (ThreadCPUClock.seconds() - cpuStarted)
    }

    private static func row(_ columns: String...) -> String {
        columns.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined()
    }

    /// Events per wall-clock second and per second of this thread's CPU time.
    private func measure(_ ruleSet: RuleSet, _ events: [JSONValue]) -> (wall: Double, cpu: Double) {
        let state = OperatorChoiceState()
        var planned = 0
        for event in events { planned &+= ruleSet.evaluate(event, state: state).plans.count }
        let clock = ContinuousClock()
        let started = clock.now
        let cpuStarted = ThreadCPUClock.seconds()
        var evaluated = 0
        while clock.now - started < .milliseconds(Int64(seconds * 1000)) {
            for event in events { planned &+= ruleSet.evaluate(event, state: state).plans.count }
            evaluated += events.count
        }
        let cpu = ThreadCPUClock.seconds() - cpuStarted
        let wall = Self.seconds(clock.now - started)
        if planned == -1 { print("") }  // keeps the work observable to the optimizer
        return (Double(evaluated) / wall, Double(evaluated) / cpu)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static let types: [CallEventType] = [.ringing, .answered, .ended, .queueEntered]

    static func calledNumber(_ index: Int) -> String { "+4610" + String(format: "%07d", index) }

    static func ruleFile(count: Int) -> String {
        var text = "rules:\n"
        text.reserveCapacity(count * 300)
        for index in 0..<count {
            let type = types[index % types.count].rawValue
            text += """
              - name: route-\(index)
                description: generated
                match:
                  type: [\(type)]
                  data:
                    to:
                      e164: ["\(calledNumber(index))"]
                    from:
                      e164: [{prefix: "+46\(index % 90 + 10)"}]
                    direction: [{anything-but: internal}]

            """
            if index % 4 == 2 {
                text += "        durations:\n          totalSeconds: [{numeric: [\">=\", 0, \"<\", \(60 + index % 600)]}]\n"
            }
            text += "    actions:\n      - kafka: {topic: \"calls-\(index % 10)\"}\n"
        }
        return text
    }

    static func events(ruleCount: Int) -> [CallEvent] {
        var generator = SystemRandomNumberGenerator()
        return (0..<2000).map { serial in
            let hit = serial % 2 == 0
            let index = hit ? Int.random(in: 0..<ruleCount, using: &generator) : ruleCount + serial
            let type = types[index % types.count]
            let event = CallEvent(
                id: "evt-\(serial)", source: "switchboard://telnect", type: type, subject: "call-\(serial)",
                platform: .telnect, partitionKey: "call-\(serial)",
                data: CallEventData(
                    callId: "call-\(serial)", state: .ringing, platformState: "ringing", direction: .inbound,
                    from: Party(number: "0\(index % 90 + 10)5550100", e164: "+46\(index % 90 + 10)5550100"),
                    to: Party(number: "0\(index)", e164: calledNumber(index)),
                    durations: CallDurations(totalSeconds: Int64(index % 120)),
                    original: ["status": "ringing", "call_id": .string("call-\(serial)")]
                )
            )
            return event
        }
    }
}
