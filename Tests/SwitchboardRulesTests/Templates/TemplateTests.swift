import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Action argument templates")
struct TemplateTests {
    typealias F = RuleFixtures

    /// The arguments of the single `thello.setVariable` planned for `event` with `value` as the template.
    private func value(_ template: String, event: JSONValue? = nil, tables: [RuleSetLoader.SourceFile] = [],
                       state: OperatorChoiceState = OperatorChoiceState()) throws -> JSONValue {
        let text = """
        rules:
          - name: t
            description: d
            match: {platform: [{prefix: ""}]}
            actions:
              - thello.setVariable: {contextId: ctx, name: V, value: \(template)}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "t.yaml", text: text)], tableFiles: tables)
        let evaluation = set.evaluate(event ?? sample, state: state)
        let plan = try #require(evaluation.plans.first, "\(evaluation.errors)")
        return plan.arguments["value"] ?? .null
    }

    private var sample: JSONValue {
        F.event(data: ["from": ["number": "070-123 45 67", "e164": "+46701234567", "name": "Anna"],
                       "durations": ["totalSeconds": 42], "callContextId": "CTX-9"])
    }

    @Test("a single expression keeps its JSON type")
    func singleExpressionKeepsType() throws {
        #expect(try value("\"{{ data.durations.totalSeconds }}\"") == 42)
        #expect(try value("\"{{ data.from }}\"") == ["number": "070-123 45 67", "e164": "+46701234567", "name": "Anna"])
        #expect(try value("7") == 7)
        #expect(try value("true") == true)
    }

    @Test("text with expressions interpolates; missing paths read as empty")
    func interpolation() throws {
        #expect(try value("\"{{ data.from.name }} waited {{ data.durations.totalSeconds }}s\"") == "Anna waited 42s")
        #expect(try value("\"[{{ data.queue.blocId }}]\"") == "[]")
        #expect(try value("plain") == "plain")
    }

    @Test("default, lower, upper")
    func functions() throws {
        #expect(try value("\"{{ default(data.queue.blocId, data.from.name) }}\"") == "Anna")
        #expect(try value("\"{{ default(data.queue.blocId, 'none') }}\"") == "none")
        #expect(try value("\"{{ lower(data.callContextId) }}\"") == "ctx-9")
        #expect(try value("\"{{ upper(data.from.name) }}\"") == "ANNA")
    }

    @Test("e164 with and without a country code")
    func e164() throws {
        #expect(try value("\"{{ e164(data.from.number, '46') }}\"") == "+46701234567")
        #expect(try value("\"{{ default(e164(data.from.number), 'national') }}\"") == "national")
        #expect(try value("\"{{ e164('+46 70 123 45 67') }}\"") == "+46701234567")
        #expect(try value("\"{{ default(e164('12'), 'bad number') }}\"") == "bad number")
    }

    @Test("lookup with fallback; CSV and YAML tables")
    func lookup() throws {
        let tables: [RuleSetLoader.SourceFile] = [
            .init(path: "tables/vip.csv", text: "e164,operator\n\"+46701234567\",\"op, the first\"\n"),
            .init(path: "tables/levels.yaml", text: "Anna: {level: 3}\n"),
        ]
        #expect(try value("\"{{ lookup('vip', data.from.e164) }}\"", tables: tables) == "op, the first")
        #expect(try value("\"{{ lookup('vip', data.callId, 'nobody') }}\"", tables: tables) == "nobody")
        #expect(try value("\"{{ lookup('levels', data.from.name) }}\"", tables: tables) == ["level": 3])
    }

    @Test("a required argument that resolves to nothing is reported, not planned")
    func unresolvedArgument() throws {
        let text = """
        rules:
          - name: t
            description: d
            match: {platform: [telnect]}
            actions:
              - thello.setVariable: {name: V, value: x}
              - log: {message: still planned}
        """
        let set = try RuleSetLoader.load(ruleFiles: [.init(path: "t.yaml", text: text)])
        let evaluation = set.evaluate(F.event(), state: OperatorChoiceState())
        #expect(evaluation.plans.map(\.action.name) == ["log"])
        #expect(evaluation.errors == [ActionResolutionError(rule: "t", action: "thello.setVariable", argument: "contextId", reason: "resolved to nothing")])
    }
}
