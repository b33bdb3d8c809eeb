import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardRules
@testable import SwitchboardRuntime
import Testing

@Suite("telecom.center sources in serve")
struct TelecomCenterSourcesTests {
    @Test("sources.telecomcenter reads the password from password_file and becomes one poller per collection")
    func configuredAccounts() throws {
        let secretURL = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tc-\(UUID().uuidString)")
        try "tc-s3cr3t\n".write(to: secretURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secretURL) }
        let yaml = """
            sources:
              telecomcenter:
                - name: main
                  username: operator
                  password_file: ${SECRET}
                  checkpointDirectory: /tmp/switchboard-tc-test
                - name: sandbox
                  apiRoot: https://api.sandbox.telecom.center/api/rest/public/operator
                  username: operator
                  password: other
                  collections: [incomingTrunk]
            """
        let configuration = try ConfigurationLoader(environment: ["SECRET": secretURL.path]).load(yaml: yaml, file: "x.yaml")
        #expect(configuration.sources.telecomcenter.map(\.name) == ["main", "sandbox"])
        #expect(configuration.sources.telecomcenter[0].password == "tc-s3cr3t")
        var executors: [any ActionExecutor] = []
        let sources = try ServeAssembly.liveSources(configuration: configuration, executors: &executors, logger: Logger(label: "test"))
        #expect(sources.map(\.componentName) == ["telecomcenter:main/termination", "telecomcenter:main/incomingTrunk",
                                                 "telecomcenter:sandbox/incomingTrunk"])
    }

    @Test("an invalid account stops serve naming it, without the password; duplicate names are refused")
    func invalidAccount() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: """
            sources:
              telecomcenter:
                - {name: main, username: "a:b", password: hunter2, pageSize: 0}
            """, file: "x.yaml")
        var executors: [any ActionExecutor] = []
        let error = #expect(throws: StartupError.self) {
            _ = try ServeAssembly.liveSources(configuration: configuration, executors: &executors, logger: Logger(label: "test"))
        }
        #expect(error?.component == "sources.telecomcenter.main")
        #expect(error?.message.contains("pageSize") == true)
        #expect(error.map { !$0.description.contains("hunter2") } == true)
        #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: """
                sources:
                  telecomcenter:
                    - {name: main, username: a, password: b}
                    - {name: main, username: c, password: d}
                """, file: "x.yaml")
        }
    }
}
