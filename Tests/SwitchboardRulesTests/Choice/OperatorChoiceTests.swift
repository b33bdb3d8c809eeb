import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Operator choice: round-robin and sticky")
struct OperatorChoiceTests {
    typealias F = RuleFixtures

    private let operators = RuleSetLoader.SourceFile(path: "tables/operators.yaml", text: "- op-1\n- op-2\n- op-3\n")

    private func steeringSet(_ value: String) throws -> RuleSet {
        let text = """
        rules:
          - name: steer
            description: d
            match: {type: [switchboard.queue.entered]}
            actions:
              - thello.setVariable: {contextId: ctx, name: PICKUP_OPERATOR, value: "\(value)"}
        """
        return try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)], tableFiles: [operators])
    }

    private func chosen(_ set: RuleSet, caller: String, state: OperatorChoiceState) -> JSONValue? {
        let event = F.event(type: .queueEntered, platform: .thello, data: ["from": ["e164": .string(caller)]])
        return set.evaluate(event, state: state).plans.first?.arguments["value"]
    }

    @Test("round-robin cycles through a table and through an inline list")
    func roundRobin() throws {
        let state = OperatorChoiceState()
        let table = try steeringSet("{{ roundRobin('operators') }}")
        #expect((0..<4).map { _ in chosen(table, caller: "+1", state: state) } == ["op-1", "op-2", "op-3", "op-1"])
        let inline = try steeringSet("{{ roundRobin(['a', 'b']) }}")
        #expect((0..<3).map { _ in chosen(inline, caller: "+1", state: state) } == ["a", "b", "a"])
    }

    @Test("sticky keeps a caller's operator within the time to live, and renews it on use")
    func sticky() throws {
        let clock = ManualClock()
        let state = OperatorChoiceState(now: { clock.now })
        let set = try steeringSet("{{ sticky(data.from.e164, roundRobin('operators'), 60) }}")
        #expect(chosen(set, caller: "+46701", state: state) == "op-1")
        #expect(chosen(set, caller: "+46702", state: state) == "op-2")
        clock.advance(seconds: 50)
        #expect(chosen(set, caller: "+46701", state: state) == "op-1")
        clock.advance(seconds: 50)
        #expect(chosen(set, caller: "+46701", state: state) == "op-1", "renewed 50 s ago")
        #expect(chosen(set, caller: "+46702", state: state) == "op-3", "expired 100 s after its choice")
        clock.advance(seconds: 61)
        #expect(chosen(set, caller: "+46701", state: state) == "op-1", "round-robin wrapped")
    }

    @Test("a VIP lookup answers first and does not advance the round-robin")
    func lazyFallback() throws {
        let vip = RuleSetLoader.SourceFile(path: "tables/vip.csv", text: "e164,operator\n+46700,op-vip\n")
        let text = """
        rules:
          - name: steer
            description: d
            match: {type: [switchboard.queue.entered]}
            actions:
              - thello.setVariable: {contextId: ctx, name: P, value: "{{ default(lookup('vip', data.from.e164), roundRobin('operators')) }}"}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)], tableFiles: [operators, vip])
        let state = OperatorChoiceState()
        #expect(chosen(set, caller: "+46700", state: state) == "op-vip")
        #expect(chosen(set, caller: "+46799", state: state) == "op-1")
        #expect(chosen(set, caller: "+46700", state: state) == "op-vip")
        #expect(chosen(set, caller: "+46799", state: state) == "op-2")
    }

    @Test("the sticky map stays within its bound")
    func bounded() throws {
        let state = OperatorChoiceState(configuration: .init(stickyTTLSeconds: 600, maximumStickyEntries: 50))
        let set = try steeringSet("{{ sticky(data.from.e164, roundRobin('operators')) }}")
        for caller in 0..<500 { _ = chosen(set, caller: "+46\(caller)", state: state) }
        #expect(state.stickyCount <= 50)
        #expect(chosen(set, caller: "+46499", state: state) != nil)
    }
}
