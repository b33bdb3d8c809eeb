import Foundation
import SwitchboardEvents
import Yams

/// Reads rule tests from `tests/` and runs them against a rule set.
///
/// A test file holds `tests:`, a list of `{name, event | eventFile, only?, expect}` or
/// `{name, steps: [{after?, event | eventFile, only?, expect}, …]}`. `event` is a normalized
/// CallEvent written in YAML or JSON; `eventFile` names a JSON file relative to the test file.
/// `expect` is the ordered list of `{rule, action, arguments}` (listed arguments are compared,
/// others ignored), or `none` when no rule may match. Steps share operator-choice state and a
/// simulated clock that `after: seconds` moves forward.
public enum RuleTestRunner {
    static let testKeys = ["name", "event", "eventFile", "only", "expect", "steps"]
    static let stepKeys = ["after", "event", "eventFile", "only", "expect"]

    /// Loads every `*.yaml` / `*.yml` file in `directory/tests`.
    public static func loadTests(directory: String) throws(RuleSetError) -> [RuleTestCase] {
        let folder = (directory as NSString).appendingPathComponent(RuleSetLoader.testsFolder)
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var files: [RuleSetLoader.SourceFile] = []
        for entry in entries where ["yaml", "yml"].contains((entry as NSString).pathExtension.lowercased()) {
            let path = (folder as NSString).appendingPathComponent(entry)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw RuleSetError([RuleDiagnostic(.io, at: SourceLocation(file: path, line: 1, column: 1), "the file cannot be read as UTF-8 text")])
            }
            files.append(.init(path: path, text: text))
        }
        return try loadTests(files)
    }

    /// Parses test files given as text.
    public static func loadTests(_ files: [RuleSetLoader.SourceFile]) throws(RuleSetError) -> [RuleTestCase] {
        var diagnostics = DiagnosticSink()
        var cases: [RuleTestCase] = []
        for file in files {
            switch YAMLSource.parse(file.text, file: file.path) {
            case .failure(let diagnostic): diagnostics.report(diagnostic)
            case .success(let source): cases += tests(in: source, diagnostics: &diagnostics)
            }
        }
        guard diagnostics.isEmpty else { throw RuleSetError(diagnostics.diagnostics) }
        return cases
    }

    /// Runs each test with fresh operator-choice state, so round-robin starts at the first element.
    public static func run(_ tests: [RuleTestCase], against ruleSet: RuleSet) -> [RuleTestResult] {
        tests.map { test in
            let clock = SimulatedClock()
            let state = OperatorChoiceState(now: { clock.now })
            // A misspelt rule name would make `only: [...]` with `expect: []` pass vacuously.
            let known = Set(ruleSet.rules.map(\.name))
            let named = test.steps.flatMap { ($0.only ?? []) + $0.expected.map(\.rule) }
            var failures = Array(Set(named.filter { !known.contains($0) })).sorted().map { name in
                "there is no rule named '\(name)'" + (Suggestion.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? "")
            }
            for (number, step) in test.steps.enumerated() {
                clock.advance(seconds: step.afterSeconds)
                let stepFailures = compare(step, ruleSet.evaluate(step.event, state: state))
                failures += test.steps.count == 1 ? stepFailures : stepFailures.map { "step \(number + 1): \($0)" }
            }
            return RuleTestResult(test: test, failures: failures)
        }
    }

    static func compare(_ test: RuleTestCase.Step, _ evaluation: RuleEvaluation) -> [String] {
        if test.expectNoMatch {
            return evaluation.matchedRules.isEmpty ? [] : ["expected no match, but matched: \(evaluation.matchedRules.joined(separator: ", "))"]
        }
        var failures = evaluation.errors.map { "could not plan: \($0)" }
        let actual = evaluation.plans.filter { plan in test.only.map { $0.contains(plan.rule) } ?? true }
        for (position, expected) in test.expected.enumerated() {
            guard position < actual.count else {
                failures.append("expected action \(position + 1) \(expected.rule)/\(expected.action), but only \(actual.count) were planned")
                continue
            }
            let plan = actual[position]
            if plan.rule != expected.rule || plan.action.name != expected.action {
                failures.append("action \(position + 1): expected \(expected.rule)/\(expected.action), got \(plan.rule)/\(plan.action.name)")
                continue
            }
            for (name, value) in expected.arguments.sorted(by: { $0.key < $1.key }) {
                let got = plan.arguments[name] ?? .null
                if ExactKey(got) != ExactKey(value) || (ExactKey(got) == .none && got != value) {
                    failures.append("action \(position + 1) \(plan.action.name): argument '\(name)' expected \(value.jsonString()), got \(got.jsonString())")
                }
            }
        }
        if actual.count > test.expected.count {
            let extra = actual[test.expected.count...].map { "\($0.rule)/\($0.action.name)" }
            failures.append("unexpected further actions: \(extra.joined(separator: ", "))")
        }
        return failures
    }

    private static func tests(in source: YAMLSource, diagnostics: inout DiagnosticSink) -> [RuleTestCase] {
        guard let root = source.root else { return [] }
        guard let list = root["tests"]?.sequenceNodes else {
            diagnostics.report(.badTest, at: source.location(root), "a test file is a mapping with a `tests` list", expected: "`tests:` then `- name: …`")
            return []
        }
        return list.compactMap { test($0, source: source, diagnostics: &diagnostics) }
    }

    private static func test(_ node: Node, source: YAMLSource, diagnostics: inout DiagnosticSink) -> RuleTestCase? {
        guard let pairs = node.mappingPairs else {
            diagnostics.report(.badTest, at: source.location(node), "a test is a mapping", expected: testKeys.joined(separator: ", "))
            return nil
        }
        let before = diagnostics.diagnostics.count
        for (key, _) in pairs where !testKeys.contains(key.scalarText ?? "") {
            diagnostics.report(.unknownKey, at: source.location(key), "unknown test key '\(key.scalarText ?? "")'", expected: testKeys.joined(separator: ", "),
                               hint: Suggestion.hint(for: key.scalarText ?? "", in: testKeys, listing: false))
        }
        guard let name = node["name"]?.scalarText else {
            diagnostics.report(.badTest, at: source.location(node), "the test has no `name`", expected: "`name: …`")
            return nil
        }
        var steps: [RuleTestCase.Step] = []
        if let stepsNode = node["steps"] {
            guard let items = stepsNode.sequenceNodes, !items.isEmpty else {
                diagnostics.report(.badTest, at: source.location(stepsNode), "`steps` must be a non-empty list", expected: "`- {event: …, expect: …}`")
                return nil
            }
            for item in items {
                guard let stepPairs = item.mappingPairs else {
                    diagnostics.report(.badTest, at: source.location(item), "a step is a mapping", expected: stepKeys.joined(separator: ", "))
                    continue
                }
                for (key, _) in stepPairs where !stepKeys.contains(key.scalarText ?? "") {
                    diagnostics.report(.unknownKey, at: source.location(key), "unknown step key '\(key.scalarText ?? "")'", expected: stepKeys.joined(separator: ", "),
                                       hint: Suggestion.hint(for: key.scalarText ?? "", in: stepKeys, listing: false))
                }
                if let step = step(item, source: source, diagnostics: &diagnostics) { steps.append(step) }
            }
        } else if let step = step(node, source: source, diagnostics: &diagnostics) {
            steps.append(step)
        }
        guard diagnostics.diagnostics.count == before else { return nil }
        return RuleTestCase(name: name, location: source.location(node), steps: steps)
    }

    private static func step(_ node: Node, source: YAMLSource, diagnostics: inout DiagnosticSink) -> RuleTestCase.Step? {
        let before = diagnostics.diagnostics.count
        var eventJSON: JSONValue?
        if let event = node["event"] {
            eventJSON = event.jsonValue
        } else if let fileNode = node["eventFile"], let relative = fileNode.scalarText {
            let path = ((source.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(relative)
            do {
                guard let data = FileManager.default.contents(atPath: path) else { throw JSONParseError(.empty, "cannot read \(path)") }
                eventJSON = try JSONValue.parse(data)
            } catch {
                diagnostics.report(.badTest, at: source.location(fileNode), "the event file cannot be read: \(error)", expected: "a JSON CallEvent")
            }
        } else {
            diagnostics.report(.badTest, at: source.location(node), "the test has neither `event` nor `eventFile`", expected: "an input event")
        }
        if let json = eventJSON {
            do {
                eventJSON = try CallEvent(json: json).jsonValue()
            } catch {
                diagnostics.report(.badTest, at: source.location(node["event"] ?? node["eventFile"]), "the event is not a valid normalized CallEvent: \(error)",
                                   expected: "a CloudEvent with specversion, id, source, type, platform, partitionkey and data")
            }
        }
        var afterSeconds = 0.0
        if let after = node["after"] {
            guard let seconds = after.jsonValue.doubleValue, seconds >= 0, seconds.isFinite else {
                diagnostics.report(.badTest, at: source.location(after), "`after` must be a number of seconds", expected: "e.g. `after: 1800`")
                return nil
            }
            afterSeconds = seconds
        }
        var only: [String]?
        if let onlyNode = node["only"] {
            only = (onlyNode.sequenceNodes ?? [onlyNode]).compactMap(\.scalarText)
        }
        var expected: [RuleTestCase.ExpectedAction] = []
        var expectNoMatch = false
        switch node["expect"] {
        case nil:
            diagnostics.report(.badTest, at: source.location(node), "the test has no `expect`", expected: "a list of actions, or `none`")
        case .scalar(let scalar)? where scalar.string == "none":
            expectNoMatch = true
        case let expectNode?:
            guard let items = expectNode.sequenceNodes else {
                diagnostics.report(.badTest, at: source.location(expectNode), "`expect` must be a list of actions or `none`", expected: "`- {rule: …, action: …, arguments: {…}}`")
                return nil
            }
            for item in items {
                guard let rule = item["rule"]?.scalarText, let action = item["action"]?.scalarText else {
                    diagnostics.report(.badTest, at: source.location(item), "an expected action needs `rule` and `action`", expected: "`{rule: …, action: …, arguments: {…}}`")
                    continue
                }
                if ActionCatalog.specs[action] == nil {
                    diagnostics.report(.unknownAction, at: source.location(item["action"]), "unknown action '\(action)'", expected: ActionCatalog.names.joined(separator: ", "),
                                       hint: Suggestion.hint(for: action, in: ActionCatalog.names, listing: false))
                }
                expected.append(.init(rule: rule, action: action, arguments: item["arguments"]?.jsonValue.objectValue?.dictionary ?? [:]))
            }
        }
        guard diagnostics.diagnostics.count == before, let event = eventJSON else { return nil }
        return RuleTestCase.Step(event: event, only: only, expected: expected, expectNoMatch: expectNoMatch, afterSeconds: afterSeconds)
    }
}
