import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Evaluation order, priority, continue and drop")
struct EvaluationOrderTests {
    typealias F = RuleFixtures

    private func rule(_ name: String, priority: Int? = nil, continueAfter: Bool? = nil, action: String = "- log: {message: x}") -> String {
        """
          - name: \(name)
            description: d
        \(priority.map { "    priority: \($0)\n" } ?? "")\(continueAfter.map { "    continue: \($0)\n" } ?? "")    match: {platform: [telnect]}
            actions:
              \(action)

        """
    }

    @Test("higher priority first, then file order, then order within the file")
    func order() throws {
        let a = "rules:\n" + rule("a1") + rule("a2", priority: 5)
        let b = "rules:\n" + rule("b1") + rule("b2", priority: -1)
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "b.yaml", text: b), .init(path: "a.yaml", text: a)])
        #expect(set.evaluate(F.event(), state: OperatorChoiceState()).matchedRules == ["a2", "a1", "b1", "b2"])
    }

    @Test("continue: false stops after the rule's actions")
    func continueFalse() throws {
        let text = "rules:\n" + rule("first") + rule("stopper", continueAfter: false) + rule("never")
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)])
        let evaluation = set.evaluate(F.event(), state: OperatorChoiceState())
        #expect(evaluation.matchedRules == ["first", "stopper"])
        #expect(evaluation.plans.count == 2)
        #expect(evaluation.stoppedBy == "stopper")
    }

    @Test("drop stops later rules and keeps earlier plans")
    func drop() throws {
        let text = "rules:\n" + rule("first") + rule("dropper", action: "- drop") + rule("never")
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)])
        let evaluation = set.evaluate(F.event(), state: OperatorChoiceState())
        #expect(evaluation.plans.map(\.action) == [.log(LogAction(level: .info, message: "x")), .drop])
        #expect(evaluation.stoppedBy == "dropper")
    }

    @Test("actions come out typed with resolved arguments")
    func typedActions() throws {
        let text = """
        rules:
          - name: all
            description: d
            match: {platform: [telnect]}
            actions:
              - kafka: {topic: calls, contentMode: structured, headers: {x-call: "{{ data.callId }}"}}
              - telnect.callAction: {action: transfer, destination: "+46890510"}
              - telnect.hangup
              - clicktodial.release: {callId: c2d-1}
              - antbuddy.clickToCall: {number: "{{ data.callId }}", sipUser: desk-1}
              - http.forward: {url: "https://crm.example/hook"}
              - thello.blocNotify: {blocId: b1, eventName: TEST}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)])
        let actions = set.evaluate(F.event(), state: OperatorChoiceState()).plans.map(\.action)
        #expect(actions == [
            .kafka(KafkaPublish(topic: "calls", key: "call-1", contentMode: .structured, headers: ["x-call": "call-1"])),
            .telnectCallAction(TelnectCallAction(callId: "call-1", action: .transfer, destination: "+46890510")),
            .telnectHangup(callId: "call-1"),
            .clickToDialRelease(callId: "c2d-1"),
            .antbuddyClickToCall(AntBuddyClickToCall(number: "call-1", sipUser: "desk-1")),
            .httpForward(HTTPForward(url: "https://crm.example/hook", contentMode: .structured, headers: [:])),
            .thelloBlocNotify(ThelloBlocNotify(blocId: "b1", eventName: "TEST", sipCallId: "call-1")),
        ])
    }

    @Test("rules without an indexable condition are reported as unindexed")
    func unindexed() throws {
        let text = """
        rules:
          - name: indexed
            description: d
            match: {platform: [telnect]}
            actions: [drop]
          - name: numeric-only
            description: d
            match: {data: {durations: {totalSeconds: [{numeric: [">", 60]}]}}}
            actions: [drop]
          - name: half-indexed
            description: d
            match:
              $or:
                - platform: [thello]
                - data: {direction: [{anything-but: internal}]}
            actions: [drop]
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)])
        #expect(set.unindexedRules.map(\.name) == ["numeric-only", "half-indexed"])
    }
}
