import Foundation
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing
import Yams

/// What can be checked of `deploy/` without a container engine or a cluster.
@Suite("deploy recipes")
struct DeployRecipesTests {
    static let deploy = PythonPeer.repositoryRoot.appendingPathComponent("deploy")

    @Test("every YAML file under deploy/ parses", arguments: ["compose.yaml", "kubernetes/kustomization.yaml", "kubernetes/namespace.yaml", "kubernetes/secret.yaml", "kubernetes/deployment.yaml", "kubernetes/service.yaml"])
    func yamlParses(file: String) throws {
        let text = try String(contentsOf: Self.deploy.appendingPathComponent(file), encoding: .utf8)
        let documents = Array(try Yams.load_all(yaml: text))
        #expect(!documents.isEmpty)
    }

    @Test("the kustomization names files that exist, and the Deployment's probes hit the health routes")
    func kustomizationFiles() throws {
        let kubernetes = Self.deploy.appendingPathComponent("kubernetes")
        let kustomization = try #require(try Yams.load(yaml: String(contentsOf: kubernetes.appendingPathComponent("kustomization.yaml"), encoding: .utf8)) as? [String: Any])
        var files = kustomization["resources"] as? [String] ?? []
        for generator in kustomization["configMapGenerator"] as? [[String: Any]] ?? [] {
            for entry in generator["files"] as? [String] ?? [] {
                files.append(entry.split(separator: "=").last.map(String.init) ?? entry)
            }
        }
        #expect(files.count > 5)
        for file in files {
            #expect(FileManager.default.fileExists(atPath: kubernetes.appendingPathComponent(file).path), "\(file) is missing")
        }
        let deployment = try String(contentsOf: kubernetes.appendingPathComponent("deployment.yaml"), encoding: .utf8)
        #expect(deployment.contains("path: /healthz"))
        #expect(deployment.contains("path: /readyz"))
    }

    @Test("the default config is valid with the environment the recipes set")
    func configWithRecipeEnvironment() throws {
        let configuration = try ConfigurationLoader(environment: [
            "SWITCHBOARD_HTTP_HOST": "0.0.0.0",
            "SWITCHBOARD_KAFKA_BROKERS": "kafka:9092",
            "SWITCHBOARD_RULES_DIR": "/etc/switchboard/rules",
            "SWITCHBOARD_STATE_DIR": "/var/lib/switchboard/state",
            "SWITCHBOARD_WEBHOOK_TOKEN": "t",
        ]).load(file: PythonPeer.repositoryRoot.appendingPathComponent("config/switchboard.yaml").path)
        #expect(configuration.kafka.brokers == "kafka:9092")
        #expect(configuration.kafka.spoolPath == "/var/lib/switchboard/state/kafka-spool.jsonl")
        #expect(configuration.rules.directory == "/etc/switchboard/rules")
        #expect(configuration.webhooks.allSatisfy { $0.tokens == ["t"] })
    }

    @Test("the systemd unit passes systemd-analyze verify (apart from the binary not being installed here)")
    func systemdUnit() throws {
        let analyzer = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyzer) else {
            // Debian's systemd package provides it; machines without systemd cannot verify units.
            return
        }
        let result = try ChildProcess.run(URL(fileURLWithPath: analyzer), ["verify", Self.deploy.appendingPathComponent("systemd/switchboard.service").path])
        let text = result.stdoutText + result.stderrText
        let problems = text.split(separator: "\n").filter { !$0.contains("/usr/local/bin/switchboard is not executable") && !$0.isEmpty }
        #expect(problems.isEmpty, "systemd-analyze: \(problems.joined(separator: "\n"))")
    }
}
