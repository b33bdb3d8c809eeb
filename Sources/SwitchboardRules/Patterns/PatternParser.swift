import SwitchboardEvents
import Yams

/// Reads EventBridge-style patterns from YAML nodes, reporting every problem with its position.
struct PatternParser {
    static let operators = ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists"]
    static let numericOperators = ["=", "<", "<=", ">", ">="]

    let source: YAMLSource
    /// Check field names and closed vocabularies against the `CallEvent` schema.
    let checkSchema: Bool

    func pattern(_ node: Node, path: [String] = [], diagnostics: inout DiagnosticSink) -> EventPattern {
        var result = EventPattern()
        guard let pairs = node.mappingPairs else {
            diagnostics.report(.wrongValueType, at: source.location(node), "a pattern must be a mapping of field names, found a \(node.kindName)",
                               expected: "a mapping such as `type: [switchboard.call.failed]`")
            return result
        }
        for (keyNode, value) in pairs {
            let key = keyNode.scalarText ?? ""
            if key == "$or" {
                result.alternatives.append(alternatives(value, path: path, diagnostics: &diagnostics))
                continue
            }
            let fieldPath = path + [key]
            switch value {
            case .mapping:
                if let pairs = value.mappingPairs, let first = pairs.first?.key.scalarText, Self.operators.contains(first) {
                    diagnostics.report(.wrongValueType, at: source.location(value), "the operator '\(first)' must be inside a list",
                                       expected: "`\(key): [{\(first): …}]`", hint: "EventBridge patterns put values and operators in a list")
                    continue
                }
                if checkSchema, let problem = EventSchemaPaths.problem(with: fieldPath, allowObjects: true) {
                    diagnostics.report(.unknownField, at: source.location(keyNode), problem.message, expected: "a field of a call event", hint: problem.hint)
                    continue
                }
                let nested = pattern(value, path: fieldPath, diagnostics: &diagnostics)
                result.conditions += nested.conditions
                result.alternatives += nested.alternatives
            default:
                if checkSchema, let problem = EventSchemaPaths.problem(with: fieldPath, allowObjects: false) {
                    diagnostics.report(.unknownField, at: source.location(keyNode), problem.message, expected: "a field of a call event", hint: problem.hint)
                    continue
                }
                let elements = value.sequenceNodes ?? [value]
                if elements.isEmpty {
                    diagnostics.report(.wrongValueType, at: source.location(value), "an empty list never matches", expected: "at least one value or operator")
                    continue
                }
                let matchers = elements.compactMap { matcher($0, path: fieldPath, diagnostics: &diagnostics) }
                if matchers.count == elements.count {
                    result.conditions.append(FieldCondition(path: fieldPath, matchers: matchers))
                }
            }
        }
        return result
    }

    private func alternatives(_ node: Node, path: [String], diagnostics: inout DiagnosticSink) -> [EventPattern] {
        guard let elements = node.sequenceNodes, elements.count >= 2 else {
            diagnostics.report(.wrongValueType, at: source.location(node), "`$or` needs a list of at least two patterns",
                               expected: "`$or: [{…}, {…}]`")
            return []
        }
        return elements.map { pattern($0, path: path, diagnostics: &diagnostics) }
    }

    private func matcher(_ node: Node, path: [String], diagnostics: inout DiagnosticSink) -> FieldMatcher? {
        switch node {
        case .scalar:
            let value = node.jsonValue
            if case .string(let text) = value, checkSchema, let vocabulary = EventSchemaPaths.vocabulary(of: path), !vocabulary.contains(text) {
                diagnostics.report(.wrongValueType, at: source.location(node), "'\(text)' is not a value of '\(path.joined(separator: "."))'",
                                   expected: "one of \(vocabulary.joined(separator: ", "))", hint: Suggestion.hint(for: text, in: vocabulary, listing: false))
                return nil
            }
            return .exact(value)
        case .mapping(let mapping):
            guard mapping.count == 1, let (keyNode, argument) = mapping.first.map({ ($0.key, $0.value) }), let name = keyNode.scalarText else {
                diagnostics.report(.wrongValueType, at: source.location(node), "an operator is a mapping with exactly one key",
                                   expected: "e.g. `{prefix: \"+46\"}`")
                return nil
            }
            return operatorMatcher(name, keyNode: keyNode, argument: argument, diagnostics: &diagnostics)
        default:
            diagnostics.report(.wrongValueType, at: source.location(node), "a pattern value must be a string, number, boolean, null or operator, found a \(node.kindName)",
                               hint: "nested lists are not allowed; list the values side by side")
            return nil
        }
    }

    private func operatorMatcher(_ name: String, keyNode: Node, argument: Node, diagnostics: inout DiagnosticSink) -> FieldMatcher? {
        func string(_ node: Node, for op: String) -> String? {
            if case .scalar = node, case .string(let text) = node.jsonValue { return text }
            diagnostics.report(.wrongValueType, at: source.location(node), "'\(op)' takes a string, found a \(node.kindName)",
                               expected: "a string", hint: "quote numbers: \(op): \"123\"")
            return nil
        }
        switch name {
        case "prefix": return string(argument, for: name).map(FieldMatcher.prefix)
        case "suffix": return string(argument, for: name).map(FieldMatcher.suffix)
        case "equals-ignore-case": return string(argument, for: name).map(FieldMatcher.equalsIgnoreCase)
        case "wildcard": return string(argument, for: name).map { FieldMatcher.wildcard(WildcardPattern($0)) }
        case "exists":
            guard case .bool(let flag) = argument.jsonValue else {
                diagnostics.report(.wrongValueType, at: source.location(argument), "'exists' takes true or false, found a \(argument.kindName)", expected: "true or false")
                return nil
            }
            return .exists(flag)
        case "numeric": return numeric(argument, diagnostics: &diagnostics)
        case "anything-but": return anythingBut(argument, diagnostics: &diagnostics)
        default:
            diagnostics.report(.unknownOperator, at: source.location(keyNode), "unknown operator '\(name)'",
                               expected: Self.operators.joined(separator: ", "), hint: Suggestion.hint(for: name, in: Self.operators, listing: false))
            return nil
        }
    }

    private func numeric(_ node: Node, diagnostics: inout DiagnosticSink) -> FieldMatcher? {
        let expected = "a list such as [\">\", 0, \"<=\", 5] or [\"=\", 300]"
        guard let items = node.sequenceNodes, items.count == 2 || items.count == 4 else {
            diagnostics.report(.wrongValueType, at: source.location(node), "'numeric' takes one or two comparisons", expected: expected)
            return nil
        }
        var range = NumericRange()
        for pair in stride(from: 0, to: items.count, by: 2) {
            let opNode = items[pair], numberNode = items[pair + 1]
            guard let op = opNode.scalarText, Self.numericOperators.contains(op) else {
                diagnostics.report(.unknownOperator, at: source.location(opNode), "unknown numeric comparison '\(opNode.scalarText ?? opNode.kindName)'",
                                   expected: Self.numericOperators.joined(separator: ", "), hint: "quote the comparison: \"<=\"")
                return nil
            }
            guard let number = numberNode.jsonValue.doubleValue, number.isFinite else {
                diagnostics.report(.wrongValueType, at: source.location(numberNode), "a numeric comparison needs a number, found a \(numberNode.kindName)",
                                   expected: "a number", hint: "write the number without quotes")
                return nil
            }
            switch op {
            case "=":
                guard items.count == 2 else {
                    diagnostics.report(.wrongValueType, at: source.location(opNode), "'=' cannot be combined with another comparison", expected: "[\"=\", number]")
                    return nil
                }
                range = NumericRange(lower: .init(number, inclusive: true), upper: .init(number, inclusive: true))
            case ">", ">=":
                guard range.lower == nil, pair == 0 else {
                    diagnostics.report(.wrongValueType, at: source.location(opNode), "the lower bound must come first and only once", expected: expected)
                    return nil
                }
                range.lower = .init(number, inclusive: op == ">=")
            default:
                guard range.upper == nil, items.count == 2 || pair == 2 else {
                    diagnostics.report(.wrongValueType, at: source.location(opNode), "the upper bound must come last and only once", expected: expected)
                    return nil
                }
                range.upper = .init(number, inclusive: op == "<=")
            }
        }
        if let lower = range.lower, let upper = range.upper, lower.value > upper.value {
            diagnostics.report(.wrongValueType, at: source.location(node), "the range is empty: the lower bound is above the upper bound", expected: expected)
            return nil
        }
        return .numeric(range)
    }

    private func anythingBut(_ node: Node, diagnostics: inout DiagnosticSink) -> FieldMatcher? {
        switch node {
        case .scalar:
            return .anythingBut(.values([node.jsonValue]))
        case .sequence(let sequence):
            var values: [JSONValue] = []
            for item in sequence {
                guard case .scalar = item, item.jsonValue != .null else {
                    diagnostics.report(.wrongValueType, at: source.location(item), "'anything-but' lists strings or numbers, found a \(item.kindName)",
                                       expected: "strings or numbers")
                    return nil
                }
                values.append(item.jsonValue)
            }
            guard !values.isEmpty else {
                diagnostics.report(.wrongValueType, at: source.location(node), "'anything-but' needs at least one value", expected: "strings or numbers")
                return nil
            }
            return .anythingBut(.values(values))
        case .mapping(let mapping):
            let expected = "`anything-but: {prefix: …}`, `{suffix: …}` or `{equals-ignore-case: …}`"
            guard mapping.count == 1, let pair = mapping.first, let name = pair.key.scalarText else {
                diagnostics.report(.wrongValueType, at: source.location(node), "'anything-but' takes one nested operator", expected: expected)
                return nil
            }
            let texts = (pair.value.sequenceNodes ?? [pair.value]).compactMap { node -> String? in
                if case .scalar = node, case .string(let text) = node.jsonValue { return text }
                return nil
            }
            guard texts.count == (pair.value.sequenceNodes?.count ?? 1), !texts.isEmpty else {
                diagnostics.report(.wrongValueType, at: source.location(pair.value), "'\(name)' inside 'anything-but' takes a string", expected: "a string")
                return nil
            }
            switch name {
            case "prefix" where texts.count == 1: return .anythingBut(.prefix(texts[0]))
            case "suffix" where texts.count == 1: return .anythingBut(.suffix(texts[0]))
            case "equals-ignore-case": return .anythingBut(.equalsIgnoreCase(texts))
            case "prefix", "suffix":
                diagnostics.report(.wrongValueType, at: source.location(pair.value), "'\(name)' inside 'anything-but' takes one string", expected: "a string")
            default:
                diagnostics.report(.unknownOperator, at: source.location(pair.key), "unknown operator '\(name)' inside 'anything-but'", expected: expected,
                                   hint: Suggestion.hint(for: name, in: ["prefix", "suffix", "equals-ignore-case"], listing: false))
            }
            return nil
        case .alias:
            diagnostics.report(.wrongValueType, at: source.location(node), "aliases are not supported in patterns")
            return nil
        }
    }
}
