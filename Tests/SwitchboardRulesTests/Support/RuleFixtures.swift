import Foundation
import SwitchboardEvents
import SwitchboardRules
import Testing

/// Builders shared by the rule tests.
enum RuleFixtures {
    /// A one-rule set whose rule has `pattern` (YAML, indented under `match:`) and a `log` action.
    static func ruleSet(match pattern: String, checkSchema: Bool = false) throws -> RuleSet {
        let indented = pattern.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        let text = """
        rules:
          - name: under-test
            description: test rule
            match:
        \(indented)
            actions:
              - log: {message: hit}
        """
        return try RuleSetLoader.load(ruleFiles: [.init(path: "test.yaml", text: text)], options: .init(checkSchema: checkSchema))
    }

    /// Whether `pattern` matches `event`, checked through both the compiled index and the interpreter.
    static func matches(_ pattern: String, _ event: JSONValue, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        let set = try ruleSet(match: pattern)
        let compiled = !set.matchingRules(event).isEmpty
        let interpreted = set.rules[0].pattern.matches(event)
        #expect(compiled == interpreted, "index and interpreter disagree", sourceLocation: sourceLocation)
        return compiled
    }

    /// The diagnostics of loading `text` as a rule file (empty when it loads).
    static func diagnostics(_ text: String, tables: [RuleSetLoader.SourceFile] = []) -> [RuleDiagnostic] {
        do {
            _ = try RuleSetLoader.load(ruleFiles: [.init(path: "rules.yaml", text: text)], tableFiles: tables)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// A normalized event with the given type, platform and data members merged over a minimal `data`.
    static func event(type: CallEventType = .ringing, platform: Platform = .telnect, data: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = ["callId": "call-1", "state": "ringing", "platformState": "ringing", "original": [:]]
        for (key, value) in data { members[key] = value }
        return [
            "specversion": "1.0", "id": "evt-1", "source": .string("switchboard://\(platform.rawValue)"), "type": .string(type.rawValue),
            "platform": .string(platform.rawValue), "partitionkey": "call-1", "data": .object(JSONObject(members)),
        ]
    }

    /// The repository's `rules/` folder.
    static var sampleRulesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
