import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardRules
import SwitchboardSignalR
import Testing
import Yams

@Suite("Telnect configuration and rules")
struct TelnectConfigurationTests {
    @Test("only the token is required; the rest has documented defaults")
    func defaults() throws {
        let configuration = try YAMLDecoder().decode(TelnectConfiguration.self, from: "token: abc")
        #expect(configuration.name == "main")
        #expect(configuration.baseURL == "https://bss.telnect.com/api/v1")
        #expect(configuration.websocketURL == nil, "a line is provisioned with POST /Phones")
        #expect(configuration.allowFeatures == ["inbound", "outbound", "websocket"])
        #expect(configuration.phoneMaxExpireSeconds == 86_400)
        #expect(configuration.gapFillOverlapSeconds == 30)
        #expect(configuration.historyPageSize == 50)
        #expect(configuration.maximumFrameBytes == 65_536)
        #expect(configuration.retry == RetryPolicy())
        #expect(configuration.reconnect == ReconnectPolicy())
        #expect(configuration.eventSource == "switchboard://telnect/main")
        try configuration.validate()
    }

    @Test("every key can be set; empty optional strings mean unset")
    func everyKey() throws {
        let yaml = """
        name: eu
        baseUrl: http://127.0.0.1:9/api/v1
        token: t
        websocketUrl: wss://phone.example.com/ws
        websocketUsername: u
        websocketPassword: p
        eventCallbackUrl: ""
        allowFeatures: [inbound]
        phoneMaxExpireSeconds: 3600
        phoneRenewMarginSeconds: 60
        requestTimeoutSeconds: 3
        retry: {maximumAttempts: 2}
        maximumRateLimitWaitSeconds: 5
        reconnect: {initialDelaySeconds: 1, maximumDelaySeconds: 5}
        gapFillOverlapSeconds: 10
        historyPageSize: 100
        historyMaximumPages: 3
        deduplicationCapacity: 500
        maximumFrameBytes: 4096
        pingIntervalSeconds: 0
        pongTimeoutSeconds: 5
        connectTimeoutSeconds: 4
        caFile: /etc/ssl/telnect.pem
        """
        let configuration = try YAMLDecoder().decode(TelnectConfiguration.self, from: yaml)
        #expect(configuration.websocketURL == "wss://phone.example.com/ws")
        #expect(configuration.eventCallbackURL == nil)
        #expect(configuration.retry.maximumAttempts == 2)
        #expect(configuration.reconnect.maximumDelaySeconds == 5)
        #expect(configuration.historyMaximumPages == 3)
        #expect(configuration.caFile == "/etc/ssl/telnect.pem")
        #expect(configuration.eventSource == "switchboard://telnect/eu")
        try configuration.validate()
        #expect(!configuration.description.contains("p,") && configuration.description.contains("[REDACTED]"))
    }

    @Test("validate names every problem, and never the token")
    func invalid() throws {
        var configuration = TelnectConfiguration(name: "a/b", baseURL: "ftp://x", token: "", websocketURL: "ws://h/ws", websocketUsername: "only-user",
                                                 historyPageSize: 0, maximumFrameBytes: 10)
        configuration.requestTimeoutSeconds = -1
        let error = try #require(throws: TelnectError.self) { try configuration.validate() }
        #expect(error.code == .invalidConfiguration)
        for key in ["name", "baseUrl", "token", "websocketUsername", "historyPageSize", "maximumFrameBytes", "requestTimeoutSeconds"] {
            #expect(error.message.contains(key), "\(key) missing from: \(error.message)")
        }
        configuration = TelnectConfiguration(token: "s3cr3t-token", websocketURL: "http//nope")
        let second = try #require(throws: TelnectError.self) { try configuration.validate() }
        #expect(!second.description.contains("s3cr3t-token"))
    }

    @Test("rules plan telnect.call with the document's arguments; a bad timeout is reported")
    func telnectCallRule() throws {
        let rules = """
        rules:
          - name: call-back
            match: {platform: [telnect], type: [switchboard.call.ended]}
            actions:
              - telnect.call: {source: "+4610100555", destination: "{{ data.from.number }}", record: true, timeout: 30}
          - name: bad-timeout
            match: {platform: [telnect], type: [switchboard.call.ended]}
            actions:
              - telnect.call: {source: "+4610100555", destination: "+46890510", timeout: soon}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "telnect.yaml", text: rules)])
        let event = CallEvent(id: "e", source: "switchboard://telnect/main", type: .ended, platform: .telnect, partitionKey: "c",
                              data: CallEventData(callId: "c", state: .ended, platformState: "hangup", from: Party(number: "+46890510"), original: .null))
        let evaluation = set.evaluate(event, state: OperatorChoiceState())
        #expect(evaluation.plans.map(\.action) == [.telnectCall(TelnectCall(source: "+4610100555", destination: "+46890510", record: true, timeoutSeconds: 30))])
        #expect(evaluation.errors.map(\.argument) == ["timeout"])
    }
}
