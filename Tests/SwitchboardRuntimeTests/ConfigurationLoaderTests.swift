import Foundation
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing

@Suite("Configuration loading")
struct ConfigurationLoaderTests {
    static let repositoryRoot = PythonPeer.repositoryRoot

    @Test("the default config/switchboard.yaml is valid with no environment")
    func defaultConfig() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(file: Self.repositoryRoot.appendingPathComponent("config/switchboard.yaml").path)
        #expect(configuration.http.port == 8080)
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.logging.level == .info)
    }

    @Test("an empty file gives every default")
    func emptyFile() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: "", file: "empty.yaml")
        let defaults = SwitchboardConfiguration()
        #expect(configuration.http == defaults.http)
        #expect(configuration.logging == defaults.logging)
        #expect(configuration.rules == defaults.rules)
        #expect(configuration.kafka == defaults.kafka)
        #expect(configuration.webhooks.isEmpty)
        #expect(configuration.sources.thello.isEmpty)
    }

    @Test("${VAR} and ${VAR:-default} are interpolated; $$ is a literal dollar")
    func interpolation() throws {
        let yaml = """
        http:
          host: ${HOST}
          port: ${PORT:-9090}
        rules:
          directory: /srv/$${HOST}/${DIR:-rules}
        """
        let configuration = try ConfigurationLoader(environment: ["HOST": "0.0.0.0"]).load(yaml: yaml, file: "x.yaml")
        #expect(configuration.http.host == "0.0.0.0")
        #expect(configuration.http.port == 9090)
        #expect(configuration.rules.directory == "/srv/${HOST}/rules")
    }

    @Test("an unset variable without default is an error naming the key and the position")
    func unsetVariable() throws {
        let yaml = "http:\n  host: ${NOPE}\n"
        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: yaml, file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalid)
            let problem = try #require(error.problems.first)
            #expect(problem.path == "http.host")
            #expect(problem.line == 2)
            #expect(problem.message.contains("NOPE"))
        }
    }

    @Test("KEY_file reads a secret from a file and the secret never appears in errors")
    func secretFile() throws {
        let secretURL = FileManager.default.temporaryDirectory.appendingPathComponent("sb-secret-\(UUID().uuidString)")
        try "  s3cr3t-value\n".write(to: secretURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secretURL) }
        let loader = ConfigurationLoader(environment: ["SECRET_PATH": secretURL.path])
        let tree = try loader.resolvedTree(yaml: "kafka:\n  password_file: ${SECRET_PATH}\n", file: "x.yaml")
        #expect(tree["kafka"]?["password"]?.string == "s3cr3t-value")
        #expect(tree["kafka"]?["password_file"] == nil)

        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: "kafka:\n  password_file: /nonexistent/secret\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.path == "kafka.password_file")
        }
    }

    @Test("wrong types and out-of-range values name the key, line and column")
    func wrongTypes() throws {
        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: "http:\n  port: eighty\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.path == "http.port")
            #expect(problem.line == 2)
            #expect(problem.message.contains("integer"))
        }
        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: "http:\n  port: 70000\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.path == "http.port")
            #expect(error.description.contains("65535"))
        }
    }

    @Test("unknown sections and bad YAML are reported with positions")
    func unknownAndSyntax() throws {
        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: "htp:\n  port: 1\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.path == "htp")
            #expect(error.problems.first?.line == 1)
        }
        do {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: "http: [\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.problems.first?.line != nil)
        }
    }
}
