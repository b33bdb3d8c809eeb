import SwitchboardEvents

/// The declaration of one action kind: its arguments and how resolved values become an `Action`.
struct ActionSpec: Sendable {
    enum ArgumentKind: Sendable {
        /// Text; the template's value must be a string, number or boolean.
        case text
        /// Any JSON value (kept as is).
        case value
        /// One of a closed set of words; must be a literal so `rules check` can verify it.
        case choice([String])
        /// A mapping of header names to text templates.
        case headers
    }

    struct Argument: Sendable {
        var name: String
        var kind: ArgumentKind
        var required: Bool
        /// Used when the rule does not give the argument.
        var defaultTemplate: String?
        var help: String

        init(_ name: String, _ kind: ArgumentKind = .text, required: Bool = false, default defaultTemplate: String? = nil, help: String) {
            self.name = name
            self.kind = kind
            self.required = required
            self.defaultTemplate = defaultTemplate
            self.help = help
        }
    }

    typealias Builder = @Sendable (inout ResolvedArguments) throws(ResolvedArguments.Missing) -> Action

    var name: String
    var summary: String
    var arguments: [Argument]
    var build: Builder

    func argument(named name: String) -> Argument? {
        arguments.first { $0.name == name }
    }
}

/// Resolved argument values handed to an action's builder.
struct ResolvedArguments {
    struct Missing: Error {
        var argument: String
        var reason: String
    }

    /// In the spec's order; an action has a handful, so a scan beats hashing every name.
    var values: [JSONObject.Member]

    private func value(named name: String) -> JSONValue? {
        values.first { $0.key == name }?.value
    }

    func text(_ name: String) throws(Missing) -> String {
        guard let text = optionalText(name) else {
            throw Missing(argument: name, reason: value(named: name).map { $0 == .null || $0 == .string("") ? "resolved to nothing" : "resolved to a \($0.kindName), not text" } ?? "is missing")
        }
        return text
    }

    func optionalText(_ name: String) -> String? {
        guard let value = value(named: name) else { return nil }
        switch value {
        case .string(let string): return string.isEmpty ? nil : string
        case .integer, .double, .bool: return TemplateEnvironment.text(of: value)
        case .null, .array, .object: return nil
        }
    }

    func value(_ name: String) throws(Missing) -> JSONValue {
        guard let value = value(named: name), value != .null else { throw Missing(argument: name, reason: "resolved to nothing") }
        return value
    }

    /// A YAML boolean, or the text `true` / `false` a template produced; `nil` when absent.
    func optionalBool(_ name: String) throws(Missing) -> Bool? {
        switch value(named: name) {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .string("true")?: return true
        case .string("false")?: return false
        case .string(let text)?: throw Missing(argument: name, reason: "must be true or false, not \"\(text)\"")
        case let other?: throw Missing(argument: name, reason: "must be true or false, not a \(other.kindName)")
        }
    }

    func headers(_ name: String) -> [String: String] {
        guard let members = value(named: name)?.objectValue?.members, !members.isEmpty else { return [:] }
        // Straight from the members: going through `dictionary` and `compactMapValues` built two.
        var headers = [String: String](minimumCapacity: members.count)
        for member in members where !member.value.isNull {
            headers[member.key] = TemplateEnvironment.text(of: member.value)
        }
        return headers
    }
}
