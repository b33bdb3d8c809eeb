import SwitchboardEvents

/// The conditions on one field path: it holds when any matcher holds.
public struct FieldCondition: Sendable, Hashable {
    /// The path from the event's top level (`["data", "from", "e164"]`).
    public var path: [String]
    public var matchers: [FieldMatcher]

    public init(path: [String], matchers: [FieldMatcher]) {
        self.path = path
        self.matchers = matchers
    }

    public var pathString: String { path.joined(separator: ".") }

    /// Whether the condition holds for the values found at its path.
    public func matches(_ values: [JSONValue]) -> Bool {
        matchers.contains { $0.matches(values) }
    }
}

/// An EventBridge event pattern: every field condition must hold, and from each `$or` group at
/// least one alternative must match.
public struct EventPattern: Sendable, Hashable {
    /// Conditions that must all hold.
    public var conditions: [FieldCondition]
    /// The `$or` groups, each a list of alternative patterns.
    public var alternatives: [[EventPattern]]

    public init(conditions: [FieldCondition] = [], alternatives: [[EventPattern]] = []) {
        self.conditions = conditions
        self.alternatives = alternatives
    }

    /// Straightforward evaluation against an event's JSON: the reference the compiled index is
    /// tested against, and the documentation of the semantics in code.
    public func matches(_ event: JSONValue) -> Bool {
        for condition in conditions where !condition.matches(EventFields.leaves(of: event, at: condition.path)) {
            return false
        }
        for group in alternatives where !group.contains(where: { $0.matches(event) }) {
            return false
        }
        return true
    }

    /// The pattern as a disjunction of plain conjunctions (`$or` multiplied out), or nil when that
    /// would exceed `limit` conjunctions.
    func disjunctiveNormalForm(limit: Int) -> [[FieldCondition]]? {
        var result: [[FieldCondition]] = [conditions]
        for group in alternatives {
            var expandedGroup: [[FieldCondition]] = []
            for alternative in group {
                guard let expanded = alternative.disjunctiveNormalForm(limit: limit) else { return nil }
                expandedGroup.append(contentsOf: expanded)
            }
            guard result.count * expandedGroup.count <= limit else { return nil }
            result = result.flatMap { base in expandedGroup.map { base + $0 } }
        }
        return result
    }
}
