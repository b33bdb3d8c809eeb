import Foundation
import SwitchboardConnectors
import Testing
import Yams

@Suite("Click-to-Dial configuration")
struct ClickToDialConfigurationTests {
    static let minimal = #"""
    {"apiRoot": "https://api.example.com/click-to-dial/vwip", "tokenURL": "https://auth.example.com/token",
     "clientId": "switchboard", "clientSecret": "very-secret", "sinkURL": "https://sb.example.com/webhooks/clicktodial"}
    """#

    @Test("the required keys are enough; the rest has documented defaults")
    func defaults() throws {
        let configuration = try JSONDecoder().decode(ClickToDialConfiguration.self, from: Data(Self.minimal.utf8))
        #expect(configuration.reconcileAfterSeconds == 60)
        #expect(configuration.sinkCredentialLifetimeSeconds == 14_400)
        #expect(configuration.recordingDirectory == nil)
        #expect(configuration.retry == RetryPolicy())
        #expect(configuration.eventSource == "switchboard://clicktodial")
        try configuration.validate()
    }

    @Test("every key can be set, the retry policy partly")
    func everyKey() throws {
        let json = #"""
        {"apiRoot": "https://api.example.com/ctd", "tokenURL": "https://auth.example.com/token", "clientId": "c", "clientSecret": "s",
         "scope": "click-to-dial:calls:create", "sinkURL": "https://sb.example.com/hook", "sinkCredentialLifetimeSeconds": 600,
         "reconcileAfterSeconds": 30, "reconcileIntervalSeconds": 1, "reconcileGiveUpSeconds": 3600, "maximumTrackedCalls": 10,
         "recordingDirectory": "/var/lib/switchboard/recordings", "eventSource": "switchboard://clicktodial/eu",
         "requestTimeoutSeconds": 5, "recordingTimeoutSeconds": 60, "tokenRefreshMarginSeconds": 10,
         "retry": {"maximumAttempts": 6, "initialBackoffSeconds": 0.5}}
        """#
        let configuration = try JSONDecoder().decode(ClickToDialConfiguration.self, from: Data(json.utf8))
        #expect(configuration.scope == "click-to-dial:calls:create")
        #expect(configuration.reconcileAfterSeconds == 30)
        #expect(configuration.maximumTrackedCalls == 10)
        #expect(configuration.recordingDirectory == "/var/lib/switchboard/recordings")
        #expect(configuration.retry.maximumAttempts == 6)
        #expect(configuration.retry.initialBackoffSeconds == 0.5)
        #expect(configuration.retry.maximumBackoffSeconds == RetryPolicy().maximumBackoffSeconds)
        try configuration.validate()
    }

    @Test("a YAML section fills it")
    func yaml() throws {
        let yaml = """
        apiRoot: https://api.example.com/click-to-dial/vwip
        tokenURL: https://auth.example.com/oauth2/token
        clientId: switchboard
        clientSecret: from-the-environment
        scope: click-to-dial:calls:create click-to-dial:calls:delete
        sinkURL: https://switchboard.example.com/webhooks/clicktodial
        reconcileAfterSeconds: 45
        recordingDirectory: /var/lib/switchboard/recordings
        retry:
          maximumAttempts: 5
          jitter: 0.1
        """
        let configuration = try YAMLDecoder().decode(ClickToDialConfiguration.self, from: yaml)
        #expect(configuration.reconcileAfterSeconds == 45)
        #expect(configuration.scope == "click-to-dial:calls:create click-to-dial:calls:delete")
        #expect(configuration.retry.maximumAttempts == 5)
        #expect(configuration.retry.jitter == 0.1)
        #expect(configuration.requestTimeoutSeconds == 10)
        try configuration.validate()
    }

    @Test("a missing required key is a decoding error naming it")
    func missingKey() {
        #expect(throws: DecodingError.self) {
            _ = try YAMLDecoder().decode(ClickToDialConfiguration.self, from: "apiRoot: https://api.example.com\n")
        }
    }

    @Test("the client secret never shows in the description")
    func secretRedacted() throws {
        let configuration = try JSONDecoder().decode(ClickToDialConfiguration.self, from: Data(Self.minimal.utf8))
        #expect(!configuration.description.contains("very-secret"))
        #expect(!String(reflecting: configuration).contains("very-secret"))
        #expect(configuration.description.contains("[REDACTED]"))
    }

    @Test("validation names every problem")
    func validation() throws {
        var configuration = try JSONDecoder().decode(ClickToDialConfiguration.self, from: Data(Self.minimal.utf8))
        configuration.apiRoot = "api.example.com"
        configuration.reconcileAfterSeconds = 0
        configuration.retry.maximumAttempts = 0
        let error = try #require(throws: ClickToDialError.self) { try configuration.validate() }
        #expect(error.code == .invalidConfiguration)
        #expect(error.message.contains("apiRoot"))
        #expect(error.message.contains("reconcileAfterSeconds"))
        #expect(error.message.contains("retry.maximumAttempts"))
        #expect(!error.description.contains("very-secret"))
        #expect(throws: ClickToDialError.self) {
            _ = try ClickToDialClient(configuration: configuration, sinkCredentials: ClickToDialFixture.SinkIssuer().issue)
        }
    }
}
