import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Rule tests and the sample rules")
struct RuleTestRunnerTests {
    @Test("the sample rules in rules/ load and their tests pass")
    func sampleRules() throws {
        let directory = RuleFixtures.sampleRulesDirectory
        let set = try RuleSetLoader.load(directory: directory)
        #expect(set.rules.count >= 4)
        let results = RuleTestRunner.run(try RuleTestRunner.loadTests(directory: directory), against: set)
        #expect(results.count >= 9)
        for result in results where !result.passed {
            Issue.record("\(result.test.name): \(result.failures)")
        }
    }

    @Test("a wrong expectation fails with a readable reason")
    func failingExpectation() throws {
        let rules = """
        rules:
          - name: calls
            description: d
            match: {type: [{prefix: switchboard.}]}
            actions:
              - kafka: {topic: calls}
        """
        let tests = """
        tests:
          - name: wrong topic
            event: {specversion: "1.0", id: e, source: s, type: switchboard.call.ended, platform: telnect, partitionkey: k,
                    data: {callId: c, state: ended, platformState: hangup, original: {}}}
            expect:
              - {rule: calls, action: kafka, arguments: {topic: events}}
          - name: expected no match
            event: {specversion: "1.0", id: e, source: s, type: switchboard.call.ended, platform: telnect, partitionkey: k,
                    data: {callId: c, state: ended, platformState: hangup, original: {}}}
            expect: none
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: rules)])
        let results = RuleTestRunner.run(try RuleTestRunner.loadTests([.init(path: "tests/t.yaml", text: tests)]), against: set)
        #expect(results.map(\.passed) == [false, false])
        #expect(results[0].failures == ["action 1 kafka: argument 'topic' expected \"events\", got \"calls\""])
        #expect(results[1].failures == ["expected no match, but matched: calls"])
    }

    @Test("steps share round-robin and sticky state, and `after` moves the simulated clock")
    func steps() throws {
        let rules = """
        rules:
          - name: steer
            description: d
            match: {type: [switchboard.queue.entered]}
            actions:
              - thello.setVariable: {contextId: c, name: P, value: "{{ sticky(data.from.e164, roundRobin(['op-1', 'op-2', 'op-3']), 100) }}"}
        """
        func step(_ caller: String, after: Int, expect value: String) -> String {
            """
                  - after: \(after)
                    event: {specversion: "1.0", id: e, source: s, type: switchboard.queue.entered, platform: thello, partitionkey: k,
                            data: {callId: c, state: queued, platformState: QUEUE_ENTER, from: {e164: "\(caller)"}, original: {}}}
                    expect: [{rule: steer, action: thello.setVariable, arguments: {value: \(value)}}]

            """
        }
        let tests = "tests:\n  - name: sticky\n    steps:\n" + step("+1", after: 0, expect: "op-1") + step("+2", after: 10, expect: "op-2")
            + step("+1", after: 50, expect: "op-1") + step("+1", after: 101, expect: "op-3")
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: rules)])
        let results = RuleTestRunner.run(try RuleTestRunner.loadTests([.init(path: "t.yaml", text: tests)]), against: set)
        #expect(results.first?.failures == [])

        let wrong = "tests:\n  - name: sticky\n    steps:\n" + step("+1", after: 0, expect: "op-1") + step("+1", after: 10, expect: "op-2")
        let failed = RuleTestRunner.run(try RuleTestRunner.loadTests([.init(path: "t.yaml", text: wrong)]), against: set)
        #expect(failed.first?.failures == ["step 2: action 1 thello.setVariable: argument 'value' expected \"op-2\", got \"op-1\""])
    }

    @Test("a misspelt rule name in `only` fails instead of passing vacuously")
    func unknownRuleName() throws {
        let rules = "rules:\n  - {name: calls, description: d, match: {platform: [telnect]}, actions: [drop]}\n"
        let tests = """
        tests:
          - name: typo
            event: {specversion: "1.0", id: e, source: s, type: switchboard.call.ended, platform: telnect, partitionkey: k,
                    data: {callId: c, state: ended, platformState: hangup, original: {}}}
            only: [cals]
            expect: []
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: rules)])
        let results = RuleTestRunner.run(try RuleTestRunner.loadTests([.init(path: "t.yaml", text: tests)]), against: set)
        #expect(results.first?.failures == ["there is no rule named 'cals' (did you mean 'calls'?)"])
    }

    @Test("an event that is not a CallEvent is a test-file error")
    func badEvent() {
        let tests = "tests:\n  - name: x\n    event: {id: 1}\n    expect: none\n"
        #expect(throws: RuleSetError.self) { try RuleTestRunner.loadTests([.init(path: "t.yaml", text: tests)]) }
    }
}
