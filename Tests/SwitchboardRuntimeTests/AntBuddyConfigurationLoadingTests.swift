import Foundation
import SwitchboardConnectors
import SwitchboardRuntime
import Testing

/// `sources.antbuddy` as an operator writes it: secrets from files, defaults, and errors that name
/// the line without echoing the secret.
@Suite("Configuration: sources.antbuddy")
struct AntBuddyConfigurationLoadingTests {
    @Test("secrets from *_file keys (the app secret and each SIP password), documented defaults")
    func secretsFromFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-ab-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "app-secret-value\n".write(to: directory.appendingPathComponent("app"), atomically: true, encoding: .utf8)
        try "sip-secret-value\n".write(to: directory.appendingPathComponent("sip"), atomically: true, encoding: .utf8)
        let yaml = """
            sources:
              antbuddy:
                - name: main
                  apiRoot: https://pbx.example.com
                  appId: ${APP_ID}
                  appSecret_file: \(directory.path)/app
                  signalsURL: wss://pbx.example.com/signals
                  sipPasswords:
                    desk-42_file: \(directory.path)/sip
                    desk-43: ${SIP_43}
            """
        let configuration = try ConfigurationLoader(environment: ["APP_ID": "app-1", "SIP_43": "pw-43"]).load(yaml: yaml, file: "x.yaml")
        let account = try #require(configuration.sources.antbuddy.first)
        #expect(account.appId == "app-1")
        #expect(account.appSecret == "app-secret-value")
        #expect(account.sipPasswords == ["desk-42": "sip-secret-value", "desk-43": "pw-43"])
        #expect(account.historyPageSize == 100 && account.historyWindowDays == 31 && account.tokenQueryParameter == "token")
        #expect(account.eventSource == "switchboard://antbuddy/main")
    }

    @Test("an invalid account is refused with its line, without the secret", arguments: [
        ("historyPageSize: 101", "historyPageSize must be between 1 and 100"),
        ("historyWindowDays: 40", "historyWindowDays must be between 1 and 31"),
        ("signalsURL: ftp://pbx", "signalsURL must be an absolute ws(s):// or http(s):// URL"),
    ])
    func invalid(line: String, message: String) throws {
        let yaml = """
            sources:
              antbuddy:
                - name: main
                  apiRoot: https://pbx.example.com
                  appId: app-1
                  appSecret: top-secret-value
                  \(line)
            """
        let error = #expect(throws: ConfigurationError.self) { _ = try ConfigurationLoader(environment: [:]).load(yaml: yaml, file: "x.yaml") }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("top-secret-value") == false)
    }

    @Test("two accounts with one name are refused")
    func duplicateNames() {
        let account = "    - {name: main, apiRoot: 'https://pbx.example.com', appId: a, appSecret: s}\n"
        let yaml = "sources:\n  antbuddy:\n" + account + account
        let error = #expect(throws: ConfigurationError.self) { _ = try ConfigurationLoader(environment: [:]).load(yaml: yaml, file: "x.yaml") }
        #expect(error?.description.contains("two AntBuddy accounts are named main") == true, "\(String(describing: error))")
    }
}
