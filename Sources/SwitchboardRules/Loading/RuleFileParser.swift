import SwitchboardEvents
import Yams

/// Turns one rule file into rules, reporting every problem it finds instead of stopping at the first.
struct RuleFileParser {
    static let ruleKeys = ["name", "description", "priority", "continue", "match", "actions"]

    let source: YAMLSource
    let tables: [String: LookupTable]
    let checkSchema: Bool

    func rules(diagnostics: inout DiagnosticSink) -> [Rule] {
        guard let root = source.root else { return [] }
        guard let pairs = root.mappingPairs else {
            diagnostics.report(.invalidStructure, at: source.location(root), "a rule file is a mapping with a `rules` list, found a \(root.kindName)",
                               expected: "`rules:` followed by `- name: …` entries")
            return []
        }
        var rules: [Rule] = []
        for (key, value) in pairs {
            guard key.scalarText == "rules" else {
                diagnostics.report(.unknownKey, at: source.location(key), "unknown key '\(key.scalarText ?? key.kindName)' at the top of a rule file",
                                   expected: "`rules`", hint: Suggestion.hint(for: key.scalarText ?? "", in: ["rules"], listing: false))
                continue
            }
            guard let items = value.sequenceNodes else {
                diagnostics.report(.wrongValueType, at: source.location(value), "`rules` must be a list, found a \(value.kindName)", expected: "`- name: …` entries")
                continue
            }
            rules += items.compactMap { rule($0, diagnostics: &diagnostics) }
        }
        return rules
    }

    private func rule(_ node: Node, diagnostics: inout DiagnosticSink) -> Rule? {
        guard let pairs = node.mappingPairs else {
            diagnostics.report(.wrongValueType, at: source.location(node), "a rule must be a mapping, found a \(node.kindName)",
                               expected: "name, description, match and actions")
            return nil
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in pairs {
            let name = key.scalarText ?? ""
            guard Self.ruleKeys.contains(name) else {
                diagnostics.report(.unknownKey, at: source.location(key), "unknown rule key '\(name)'", expected: Self.ruleKeys.joined(separator: ", "),
                                   hint: Suggestion.hint(for: name, in: Self.ruleKeys, listing: false))
                continue
            }
            fields[name] = (key, value)
        }
        let before = diagnostics.diagnostics.count
        let name = scalarString(fields["name"]?.value, field: "name", owner: node, required: true, diagnostics: &diagnostics) ?? ""
        let description = scalarString(fields["description"]?.value, field: "description", owner: node, required: false, diagnostics: &diagnostics) ?? ""
        var priority = 0
        if let value = fields["priority"]?.value {
            if case .integer(let number) = value.jsonValue, let int = Int(exactly: number) { priority = int } else {
                diagnostics.report(.wrongValueType, at: source.location(value), "`priority` must be a whole number, found a \(value.kindName)",
                                   expected: "an integer such as 10", hint: "higher priorities run first; the default is 0")
            }
        }
        var continueAfterMatch = true
        if let value = fields["continue"]?.value {
            if case .bool(let flag) = value.jsonValue { continueAfterMatch = flag } else {
                diagnostics.report(.wrongValueType, at: source.location(value), "`continue` must be true or false, found a \(value.kindName)", expected: "true or false")
            }
        }
        var pattern = EventPattern()
        if let match = fields["match"]?.value {
            pattern = PatternParser(source: source, checkSchema: checkSchema).pattern(match, diagnostics: &diagnostics)
        } else {
            diagnostics.report(.invalidStructure, at: source.location(node), "the rule has no `match`", expected: "a pattern",
                               hint: "to match every event use `match: {type: [{prefix: \"\"}]}`")
        }
        var actions: [ActionTemplate] = []
        if let list = fields["actions"]?.value {
            if let items = list.sequenceNodes, !items.isEmpty {
                actions = items.compactMap { action($0, diagnostics: &diagnostics) }
            } else {
                diagnostics.report(.wrongValueType, at: source.location(list), "`actions` must be a non-empty list", expected: "`- kafka: {topic: calls}`")
            }
        } else {
            diagnostics.report(.invalidStructure, at: source.location(node), "the rule has no `actions`", expected: "a list of actions")
        }
        guard diagnostics.diagnostics.count == before else { return nil }
        return Rule(name: name, description: description, priority: priority, continueAfterMatch: continueAfterMatch,
                    pattern: pattern, location: source.location(node), actions: actions)
    }

    private func scalarString(_ node: Node?, field: String, owner: Node, required: Bool, diagnostics: inout DiagnosticSink) -> String? {
        guard let node else {
            if required { diagnostics.report(.invalidStructure, at: source.location(owner), "the rule has no `\(field)`", expected: "`\(field): …`") }
            return nil
        }
        guard case .scalar = node, let text = node.scalarText, !text.isEmpty else {
            diagnostics.report(.wrongValueType, at: source.location(node), "`\(field)` must be non-empty text, found a \(node.kindName)", expected: "text")
            return nil
        }
        return text
    }

    private func action(_ node: Node, diagnostics: inout DiagnosticSink) -> ActionTemplate? {
        let nameNode: Node
        let argumentsNode: Node?
        if case .scalar = node {
            nameNode = node
            argumentsNode = nil
        } else if let pairs = node.mappingPairs, pairs.count == 1 {
            nameNode = pairs[0].key
            argumentsNode = pairs[0].value
        } else {
            diagnostics.report(.wrongValueType, at: source.location(node), "an action is a mapping with one key, the action's name",
                               expected: "`- kafka: {topic: calls}` or `- drop`")
            return nil
        }
        let name = nameNode.scalarText ?? ""
        guard let spec = ActionCatalog.specs[name] else {
            diagnostics.report(.unknownAction, at: source.location(nameNode), "unknown action '\(name)'", expected: ActionCatalog.names.joined(separator: ", "),
                               hint: Suggestion.hint(for: name, in: ActionCatalog.names, listing: false))
            return nil
        }
        var given: [String: (key: Node, value: Node)] = [:]
        if let argumentsNode, argumentsNode.jsonValue != .null {
            guard let pairs = argumentsNode.mappingPairs else {
                diagnostics.report(.wrongValueType, at: source.location(argumentsNode), "the arguments of '\(name)' must be a mapping, found a \(argumentsNode.kindName)",
                                   expected: spec.arguments.isEmpty ? "no arguments" : spec.arguments.map(\.name).joined(separator: ", "))
                return nil
            }
            for (key, value) in pairs {
                let argument = key.scalarText ?? ""
                guard spec.argument(named: argument) != nil else {
                    let names = spec.arguments.map(\.name)
                    diagnostics.report(.unknownArgument, at: source.location(key), "'\(name)' has no argument '\(argument)'",
                                       expected: names.isEmpty ? "no arguments" : names.joined(separator: ", "),
                                       hint: Suggestion.hint(for: argument, in: names, listing: false))
                    continue
                }
                given[argument] = (key, value)
            }
        }
        let before = diagnostics.diagnostics.count
        var arguments: [(name: String, argument: ActionTemplate.Argument)] = []
        for argument in spec.arguments {
            guard let (_, value) = given[argument.name] else {
                if argument.required {
                    diagnostics.report(.missingArgument, at: source.location(nameNode), "'\(name)' needs the argument '\(argument.name)'",
                                       expected: "\(argument.name): \(argument.help)")
                } else if let template = argument.defaultTemplate, let compiled = try? Template.parse(template) {
                    arguments.append((argument.name, .template(compiled)))
                }
                continue
            }
            if let compiled = compileArgument(argument, value, action: name, diagnostics: &diagnostics) {
                arguments.append((argument.name, compiled))
            }
        }
        if spec.name == "telnect.callAction", given["action"]?.value.scalarText == "transfer", given["destination"] == nil {
            diagnostics.report(.missingArgument, at: source.location(nameNode), "a transfer needs the argument 'destination'", expected: "destination: a number")
        }
        guard diagnostics.diagnostics.count == before else { return nil }
        return ActionTemplate(spec: spec, arguments: arguments, location: source.location(node))
    }

    private func compileArgument(_ argument: ActionSpec.Argument, _ node: Node, action: String, diagnostics: inout DiagnosticSink) -> ActionTemplate.Argument? {
        switch argument.kind {
        case .choice(let words):
            guard case .string(let word) = node.jsonValue, words.contains(word) else {
                diagnostics.report(.wrongValueType, at: source.location(node), "'\(node.scalarText ?? node.kindName)' is not a valid '\(argument.name)' of '\(action)'",
                                   expected: "one of \(words.joined(separator: ", "))", hint: Suggestion.hint(for: node.scalarText ?? "", in: words, listing: false))
                return nil
            }
            return .template(.literal(.string(word)))
        case .headers:
            guard let pairs = node.mappingPairs else {
                diagnostics.report(.wrongValueType, at: source.location(node), "'\(argument.name)' must be a mapping of header names to values, found a \(node.kindName)",
                                   expected: "`headers: {x-tenant: acme}`")
                return nil
            }
            var headers: [(name: String, template: Template)] = []
            for (key, value) in pairs {
                guard let template = template(value, diagnostics: &diagnostics) else { continue }
                headers.append((key.scalarText ?? "", template))
            }
            return headers.count == pairs.count ? .headers(headers) : nil
        case .text:
            guard case .scalar = node else {
                diagnostics.report(.wrongValueType, at: source.location(node), "'\(argument.name)' of '\(action)' takes text, found a \(node.kindName)", expected: "text or a template")
                return nil
            }
            return template(node, diagnostics: &diagnostics).map(ActionTemplate.Argument.template)
        case .value:
            return template(node, diagnostics: &diagnostics).map(ActionTemplate.Argument.template)
        }
    }

    /// Compiles a scalar as a template (non-string scalars are literals) and checks its paths and tables.
    private func template(_ node: Node, diagnostics: inout DiagnosticSink) -> Template? {
        // Numbers, booleans, and (for `value` arguments) whole mappings and lists are literals.
        guard case .scalar(let scalar) = node, case .string(let text) = node.jsonValue else { return .literal(node.jsonValue) }
        let quoteOffset = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        let base = source.location(node)
        func at(_ offset: Int) -> SourceLocation {
            SourceLocation(file: base.file, line: base.line, column: base.column + quoteOffset + offset)
        }
        let template: Template
        do {
            template = try Template.parse(text)
        } catch {
            diagnostics.report(.badTemplate, at: at(error.offset), "template: \(error.message)", expected: error.expected,
                               hint: "expressions look like {{ data.callContextId }} or {{ default(data.from.e164, 'anonymous') }}")
            return nil
        }
        let before = diagnostics.diagnostics.count
        for expression in template.expressions {
            check(expression, in: text, at: at, diagnostics: &diagnostics)
        }
        return diagnostics.diagnostics.count == before ? template : nil
    }

    private func check(_ expression: TemplateExpression, in text: String, at: (Int) -> SourceLocation, diagnostics: inout DiagnosticSink) {
        func offset(of needle: String) -> Int {
            guard let range = text.range(of: needle) else { return 0 }
            return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        }
        switch expression {
        case .literal: return
        case .list(let items): items.forEach { check($0, in: text, at: at, diagnostics: &diagnostics) }
        case .path(let path):
            if checkSchema, let problem = EventSchemaPaths.problem(with: path, allowObjects: true) {
                diagnostics.report(.badTemplatePath, at: at(offset(of: path.joined(separator: "."))), "template path '\(path.joined(separator: "."))': \(problem.message)",
                                   expected: "a field of a call event", hint: problem.hint)
            }
        case .call(let function, let arguments):
            switch function {
            case .lookup:
                guard case .literal(.string(let name)) = arguments[0] else {
                    diagnostics.report(.badTemplate, at: at(offset(of: "lookup")), "the table of 'lookup' must be a quoted name", expected: "lookup('table', key)")
                    return
                }
                if let table = tables[name] {
                    if table.isList {
                        diagnostics.report(.badTemplate, at: at(offset(of: name)), "the table '\(name)' is a list; 'lookup' needs a key → value table",
                                           hint: "use roundRobin('\(name)') for lists")
                    }
                } else {
                    diagnostics.report(.missingTable, at: at(offset(of: name)), "there is no table '\(name)'", expected: "a file tables/\(name).csv or tables/\(name).yaml",
                                       hint: Suggestion.hint(for: name, in: tables.keys.sorted(), listing: !tables.isEmpty))
                }
            case .roundRobin:
                switch arguments[0] {
                case .literal(.string(let name)):
                    if tables[name] == nil {
                        diagnostics.report(.missingTable, at: at(offset(of: name)), "there is no table '\(name)'", expected: "a file tables/\(name).yaml holding a list",
                                           hint: Suggestion.hint(for: name, in: tables.keys.sorted(), listing: !tables.isEmpty))
                    } else if tables[name]?.isList != true {
                        diagnostics.report(.badTemplate, at: at(offset(of: name)), "the table '\(name)' is not a list", expected: "a one-column CSV or a YAML list")
                    }
                case .list(let items) where !items.isEmpty: break
                default:
                    diagnostics.report(.badTemplate, at: at(offset(of: "roundRobin")), "'roundRobin' takes a quoted table name or a non-empty list",
                                       expected: "roundRobin('operators') or roundRobin(['op-1', 'op-2'])")
                }
            case .sticky:
                if arguments.count == 3 {
                    guard case .literal(let ttl) = arguments[2], let seconds = ttl.doubleValue, seconds > 0 else {
                        diagnostics.report(.badTemplate, at: at(offset(of: "sticky")), "the time to live of 'sticky' must be a positive number of seconds",
                                           expected: "sticky(key, choice, 1800)")
                        return
                    }
                }
            default: break
            }
            for argument in arguments { check(argument, in: text, at: at, diagnostics: &diagnostics) }
        }
    }
}
