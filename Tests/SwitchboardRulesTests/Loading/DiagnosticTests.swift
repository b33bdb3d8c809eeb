import SwitchboardRules
import Testing

/// Each class of error names the right place in the file.
@Suite("Error messages point at the right line and column")
struct DiagnosticTests {
    typealias F = RuleFixtures

    private func only(_ text: String, tables: [RuleSetLoader.SourceFile] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RuleDiagnostic {
        let diagnostics = F.diagnostics(text, tables: tables)
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        return try #require(diagnostics.first, sourceLocation: sourceLocation)
    }

    private func rule(match: String = "type: [switchboard.call.failed]", actions: String = "- log: {message: hi}") -> String {
        """
        rules:
          - name: r
            description: d
            match:
              \(match)
            actions:
              \(actions)
        """
    }

    @Test("unknown operator: at the operator's key, with a suggestion")
    func unknownOperator() throws {
        let diagnostic = try only(rule(match: "data: {callId: [{prefx: a}]}"))
        #expect(diagnostic.code == .unknownOperator)
        #expect((diagnostic.location.line, diagnostic.location.column) == (5, 24))
        #expect(diagnostic.hint == "did you mean 'prefix'?")
        #expect(diagnostic.description.hasPrefix("rules.yaml:5:24: error: unknown operator 'prefx' (expected prefix,"))
    }

    @Test("wrong value type: at the value")
    func wrongValueType() throws {
        let diagnostic = try only(rule(match: "data: {callId: [{exists: \"yes\"}]}"))
        #expect(diagnostic.code == .wrongValueType)
        #expect((diagnostic.location.line, diagnostic.location.column) == (5, 32))
    }

    @Test("numeric with a quoted number: at the number")
    func numericType() throws {
        let diagnostic = try only(rule(match: "data: {durations: {totalSeconds: [{numeric: [\">\", \"10\"]}]}}"))
        #expect(diagnostic.code == .wrongValueType)
        #expect((diagnostic.location.line, diagnostic.location.column) == (5, 57))
    }

    @Test("unknown field: at the key, with a suggestion")
    func unknownField() throws {
        let diagnostic = try only(rule(match: "data: {callContextID: [x]}"))
        #expect(diagnostic.code == .unknownField)
        #expect((diagnostic.location.line, diagnostic.location.column) == (5, 14))
        #expect(diagnostic.hint == "did you mean 'callContextId'?")
    }

    @Test("a value outside a closed vocabulary")
    func vocabulary() throws {
        let diagnostic = try only(rule(match: "type: [switchboard.call.faild]"))
        #expect(diagnostic.code == .wrongValueType)
        #expect((diagnostic.location.line, diagnostic.location.column) == (5, 14))
        #expect(diagnostic.hint == "did you mean 'switchboard.call.failed'?")
    }

    @Test("unknown action: at the action's name")
    func unknownAction() throws {
        let diagnostic = try only(rule(actions: "- kafak: {topic: calls}"))
        #expect(diagnostic.code == .unknownAction)
        #expect((diagnostic.location.line, diagnostic.location.column) == (7, 9))
        #expect(diagnostic.hint == "did you mean 'kafka'?")
    }

    @Test("unknown and missing arguments")
    func arguments() throws {
        let diagnostics = F.diagnostics(rule(actions: "- kafka: {topik: calls}"))
        #expect(diagnostics.map(\.code) == [.missingArgument, .unknownArgument])
        #expect(diagnostics.map { [$0.location.line, $0.location.column] } == [[7, 9], [7, 17]])
    }

    @Test("bad template path: at the path inside the string")
    func badTemplatePath() throws {
        let diagnostic = try only(rule(actions: "- log: {message: \"from {{ data.frm.e164 }}\"}"))
        #expect(diagnostic.code == .badTemplatePath)
        #expect((diagnostic.location.line, diagnostic.location.column) == (7, 33))
        #expect(diagnostic.hint == "did you mean 'from'?")
    }

    @Test("template syntax: at the offending character")
    func badTemplate() throws {
        let diagnostic = try only(rule(actions: "- log: {message: \"{{ upper(data.callId }}\"}"))
        #expect(diagnostic.code == .badTemplate)
        #expect(diagnostic.location.line == 7)
        #expect(diagnostic.message.contains("')' is missing"))
    }

    @Test("missing table: at the table name, with a suggestion from the tables present")
    func missingTable() throws {
        let tables = [RuleSetLoader.SourceFile(path: "tables/vip-callers.csv", text: "e164,operator\n+46701,op\n")]
        let diagnostic = try only(rule(actions: "- log: {message: \"{{ lookup('vip-caller', data.from.e164) }}\"}"), tables: tables)
        #expect(diagnostic.code == .missingTable)
        #expect((diagnostic.location.line, diagnostic.location.column) == (7, 36))
        #expect(diagnostic.hint == "did you mean 'vip-callers'?")
    }

    @Test("unknown rule key: at the key, with a suggestion")
    func unknownKey() throws {
        let text = "rules:\n  - name: r\n    descripton: d\n    match: {type: [switchboard.call.failed]}\n    actions: [drop]\n"
        let diagnostic = try only(text)
        #expect(diagnostic.code == .unknownKey)
        #expect((diagnostic.location.line, diagnostic.location.column) == (3, 5))
        #expect(diagnostic.hint == "did you mean 'description'?")
    }

    @Test("YAML syntax errors carry libyaml's position")
    func yamlSyntax() throws {
        let diagnostic = try only("rules:\n  - name: r\n    match: {type: [a]\n    actions: []\n")
        #expect(diagnostic.code == .yamlSyntax)
        #expect(diagnostic.location.line >= 3)
    }

    @Test("every error of a file is reported, and a duplicate rule name points at the second rule")
    func allErrors() throws {
        let text = """
        rules:
          - name: same
            description: d
            match: {type: [switchboard.call.failed]}
            actions: [drop]
          - name: same
            description: d
            match: {type: [switchboard.call.ended]}
            actions: [drop]
          - name: broken
            match: {data: {callId: [{nope: 1}]}}
            actions: [{nope: {}}]
        """
        let diagnostics = F.diagnostics(text)
        #expect(diagnostics.map(\.code) == [.duplicateRule, .unknownOperator, .unknownAction])
        #expect(diagnostics.first?.location.line == 6)
    }
}
