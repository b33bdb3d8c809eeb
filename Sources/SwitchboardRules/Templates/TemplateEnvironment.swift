import SwitchboardEvents

/// What a template sees while it is evaluated for one event under one rule.
struct TemplateEnvironment {
    let event: JSONValue
    let tables: [String: LookupTable]
    let choice: OperatorChoiceState
    /// The rule's name: round-robin counters and sticky assignments are kept per rule.
    let rule: String

    func evaluate(_ expression: TemplateExpression) -> JSONValue {
        switch expression {
        case .literal(let value): return value
        case .path(let path): return Self.value(in: event, at: path)
        case .list(let items): return .array(items.map(evaluate))
        case .call(let function, let arguments): return call(function, arguments)
        }
    }

    private func call(_ function: TemplateFunction, _ arguments: [TemplateExpression]) -> JSONValue {
        switch function {
        case .default:
            // Lazy on purpose: a later fallback (a round-robin) must not advance when an earlier one answered.
            for argument in arguments {
                let value = evaluate(argument)
                if !Self.isBlank(value) { return value }
            }
            return .null
        case .lower, .upper:
            let value = evaluate(arguments[0])
            if value == .null { return .null }
            let text = Self.text(of: value)
            return .string(function == .lower ? text.lowercased() : text.uppercased())
        case .e164:
            guard case .string(let number) = evaluate(arguments[0]) else { return .null }
            if arguments.count == 2, case .string(let country) = evaluate(arguments[1]), !country.isEmpty {
                let digits = country.hasPrefix("+") ? String(country.dropFirst()) : country
                return Dialplan(countryCode: digits).e164(number).map(JSONValue.string) ?? .null
            }
            return Dialplan.e164IfInternational(number).map(JSONValue.string) ?? .null
        case .lookup:
            guard case .literal(.string(let name)) = arguments[0], let table = tables[name] else { return .null }
            let key = evaluate(arguments[1])
            if key != .null, let found = table.entries[Self.text(of: key)] { return found }
            return arguments.count == 3 ? evaluate(arguments[2]) : .null
        case .roundRobin:
            let (list, identity) = choiceList(arguments[0])
            guard !list.isEmpty else { return .null }
            return list[choice.nextIndex(counter: rule + "\u{1F}" + identity, count: list.count)]
        case .sticky:
            let key = evaluate(arguments[0])
            let ttl = arguments.count == 3 ? evaluate(arguments[2]).doubleValue : nil
            guard !Self.isBlank(key) else { return evaluate(arguments[1]) }
            let stickyKey = rule + "\u{1F}" + Self.text(of: key)
            if let remembered = choice.stickyValue(for: stickyKey, refreshingFor: ttl) { return remembered }
            let chosen = evaluate(arguments[1])
            if !Self.isBlank(chosen) { choice.remember(chosen, for: stickyKey, ttl: ttl) }
            return chosen
        }
    }

    /// The list a round-robin cycles through and a stable name for its counter.
    private func choiceList(_ argument: TemplateExpression) -> ([JSONValue], String) {
        if case .literal(.string(let name)) = argument { return (tables[name]?.list ?? [], "table:" + name) }
        let value = evaluate(argument)
        return (value.arrayValue ?? [], value.jsonString())
    }

    static func value(in event: JSONValue, at path: [String]) -> JSONValue {
        var current = event
        for segment in path {
            switch current {
            case .object(let members):
                guard let next = members[segment] else { return .null }
                current = next
            case .array(let elements):
                guard let index = Int(segment), elements.indices.contains(index) else { return .null }
                current = elements[index]
            default:
                return .null
            }
        }
        return current
    }

    static func isBlank(_ value: JSONValue) -> Bool {
        value == .null || value == .string("")
    }

    /// How a value reads inside text.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let string): return string
        case .bool(let bool): return bool ? "true" : "false"
        case .integer(let integer): return String(integer)
        case .double(let double):
            if double.rounded() == double, abs(double) < 1e15 { return String(Int64(double)) }
            return String(double)
        case .array, .object: return value.jsonString()
        }
    }
}
