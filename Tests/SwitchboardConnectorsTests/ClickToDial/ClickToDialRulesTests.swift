import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardRules
import Testing

/// Rules plan the `clicktodial.*` actions; the executor carries them out against the provider.
@Suite("Click-to-Dial actions from rules", .timeLimit(.minutes(2)))
struct ClickToDialRulesTests {
    static let rules = """
    rules:
      - name: call-back-busy-callee
        description: when the callee was busy, try again with recording
        match:
          platform: [clicktodial]
          type: [switchboard.call.ended, switchboard.call.failed]
          data:
            reason:
              code: [busy]
        actions:
          - clicktodial.call:
              caller: "{{ data.from.e164 }}"
              callee: "{{ data.to.e164 }}"
              recordingEnabled: true
      - name: end-long-setup
        description: release calls still ringing the callee
        match:
          platform: [clicktodial]
          type: [switchboard.call.ringing]
          data:
            leg: [callee]
        actions:
          - clicktodial.release: {}
    """

    @Test("a rule's clicktodial.call places the call with the planned arguments")
    func callFromRule() async throws {
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "clicktodial.yaml", text: Self.rules)])
        try await CamaraTestServer.with { server in
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-0", state: "disconnected", reason: "calleeBusy")
            let evaluation = set.evaluate(event, state: OperatorChoiceState())
            #expect(evaluation.errors.isEmpty)
            let plan = try #require(evaluation.plans.first)
            #expect(plan.action == .clickToDialCall(ClickToDialCall(caller: "+447700900000", callee: "+447700900123", recordingEnabled: true)))
            try await executor.execute(plan, for: event)
            #expect(server.count("POST", "/click-to-dial/vwip/calls") == 1)
            #expect(server.rejected.isEmpty)
            #expect(try await ClickToDialFixture.client(server).call("call-1").recordingEnabled == true)
        }
    }

    @Test("a rule's clicktodial.release defaults to the event's call id")
    func releaseFromRule() async throws {
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "clicktodial.yaml", text: Self.rules)])
        try await CamaraTestServer.with { server in
            server.addCall("call-9", status: "callingCallee")
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-9", state: "callingCallee")
            let plans = set.evaluate(event, state: OperatorChoiceState()).plans
            #expect(plans.map(\.action) == [.clickToDialRelease(callId: "call-9")])
            for plan in plans { try await executor.execute(plan, for: event) }
            #expect(server.count("DELETE", "/click-to-dial/vwip/calls/call-9") == 1)
        }
    }

    @Test("recordingEnabled must be a boolean", arguments: [("\"yes\"", "\"yes\""), ("3", "a number")])
    func badRecordingFlag(value: String, reported: String) throws {
        let rules = Self.rules.replacingOccurrences(of: "recordingEnabled: true", with: "recordingEnabled: \(value)")
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "clicktodial.yaml", text: rules)])
        let event = try ClickToDialFixture.notification(callId: "call-0", state: "disconnected", reason: "calleeBusy")
        let evaluation = set.evaluate(event, state: OperatorChoiceState())
        #expect(evaluation.plans.isEmpty)
        let error = try #require(evaluation.errors.first)
        #expect(error.argument == "recordingEnabled")
        #expect(error.reason == "must be true or false, not \(reported)")
    }
}
