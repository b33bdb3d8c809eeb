import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("YAML scalars and lookup tables")
struct ScalarAndTableTests {
    typealias F = RuleFixtures

    private func lookup(_ key: String, table: RuleSetLoader.SourceFile) throws -> JSONValue {
        let text = """
        rules:
          - name: t
            description: d
            match: {platform: [telnect]}
            actions:
              - thello.setVariable: {contextId: c, name: n, value: "{{ lookup('t', '\(key)', 'missing') }}"}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: text)], tableFiles: [table])
        return try #require(set.evaluate(F.event(), state: OperatorChoiceState()).plans.first?.arguments["value"])
    }

    @Test("YAML 1.2 core scalars: NO stays text, quoted numbers are text, hex and floats are numbers")
    func scalars() throws {
        let table = RuleSetLoader.SourceFile(path: "tables/t.yaml", text: """
        norway: NO
        yes: yes
        quoted: "42"
        hex: 0x1F
        float: 1.5e3
        nothing: ~
        flag: true
        """)
        #expect(try lookup("norway", table: table) == "NO")
        #expect(try lookup("yes", table: table) == "yes")
        #expect(try lookup("quoted", table: table) == "42")
        #expect(try lookup("hex", table: table) == 31)
        #expect(try lookup("float", table: table) == 1500.0)
        #expect(try lookup("flag", table: table) == true)
    }

    @Test("CSV: quoted fields, doubled quotes, comments, blank lines, CRLF")
    func csv() throws {
        let table = RuleSetLoader.SourceFile(path: "tables/t.csv", text: "key,value\r\n# a comment\r\n\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n plain , spaced \r\n")
        #expect(try lookup("a,b", table: table) == "say \"hi\"")
        #expect(try lookup("plain", table: table) == "spaced")
        #expect(try lookup("other", table: table) == "missing")
    }

    @Test("CSV errors name the row")
    func csvErrors() {
        let table = RuleSetLoader.SourceFile(path: "tables/t.csv", text: "key,value\na,1\nb\nc,3,4\n")
        let diagnostics = F.diagnostics("rules: []\n", tables: [table])
        #expect(diagnostics.map(\.code) == [.badTable, .badTable])
        #expect(diagnostics.map(\.location.line) == [3, 4])
    }

    @Test("a rule file without rules is fine; other top-level keys are not")
    func topLevel() {
        #expect(F.diagnostics("rules: []\n").isEmpty)
        #expect(F.diagnostics("rule: []\n").map(\.code) == [.unknownKey])
        #expect(F.diagnostics("- a\n").map(\.code) == [.invalidStructure])
    }

    @Test("hostile input gets diagnostics, never a crash")
    func hostileInput() {
        let inputs = [
            "rules: [{name: x, match: {type: [{numeric: [\"<\", 1, \">\", 0]}]}, actions: [drop]}]",
            "rules: [{name: x, match: {type: [[nested]]}, actions: [drop]}]",
            "rules: [{name: x, match: {$or: [{type: [a]}]}, actions: [drop]}]",
            "rules: [{name: x, match: {type: []}, actions: [drop]}]",
            "rules: [{name: x, match: {type: [a]}, actions: [{log: {message: \"{{ }}\"}}]}]",
            "rules: [{name: x, match: {type: [a]}, actions: [{log: {message: \"{{ 'open }}\"}}]}]",
            "rules: [{name: x, match: {type: [a]}, actions: [{log: {message: \"{{ nope(1) }}\"}}]}]",
            "rules: [{name: x, match: 5, actions: 5}]",
            "rules:\n  - &a {name: x}\n  - *a\n",
            String(repeating: "[", count: 200),
        ]
        for input in inputs {
            #expect(!F.diagnostics(input).isEmpty, "\(input.prefix(60))")
        }
    }
}
