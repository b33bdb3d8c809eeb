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

    @Test("an event that is not a CallEvent is a test-file error")
    func badEvent() {
        let tests = "tests:\n  - name: x\n    event: {id: 1}\n    expect: none\n"
        #expect(throws: RuleSetError.self) { try RuleTestRunner.loadTests([.init(path: "t.yaml", text: tests)]) }
    }
}
