import SwitchboardEvents

/// One condition on the values found at a field path: the leaves of an EventBridge pattern.
///
/// A field matches when any of its matchers matches any of the field's values (an array in the
/// event offers each element as a value). `exists` looks at whether there is any value at all.
public enum FieldMatcher: Sendable, Hashable {
    /// The value equals this string, number, boolean or null (numbers compare numerically; types never mix).
    case exact(JSONValue)
    /// A string value starting with this text.
    case prefix(String)
    /// A string value ending with this text.
    case suffix(String)
    /// A string value equal to this text ignoring case.
    case equalsIgnoreCase(String)
    /// A string value matching this glob: `*` is any run of characters, `\*` a literal star.
    case wildcard(WildcardPattern)
    /// A value that is present and not excluded.
    case anythingBut(AnythingBut)
    /// A number inside the range.
    case numeric(NumericRange)
    /// `true`: the field has a value (null counts as a value); `false`: it has none.
    case exists(Bool)
}

/// What `anything-but` excludes.
public enum AnythingBut: Sendable, Hashable {
    /// Any value except these (strings, numbers; numbers compare numerically).
    case values([JSONValue])
    /// Any string not starting with this text.
    case prefix(String)
    /// Any string not ending with this text.
    case suffix(String)
    /// Any string equal to none of these, ignoring case.
    case equalsIgnoreCase([String])
}

/// A numeric range from EventBridge's `numeric` operator: `[">", 0, "<=", 5]`, `["=", 300]`.
public struct NumericRange: Sendable, Hashable {
    public struct Bound: Sendable, Hashable {
        public var value: Double
        public var inclusive: Bool

        public init(_ value: Double, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    public var lower: Bound?
    public var upper: Bound?

    public init(lower: Bound? = nil, upper: Bound? = nil) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ number: Double) -> Bool {
        if let lower {
            if lower.inclusive ? number < lower.value : number <= lower.value { return false }
        }
        if let upper {
            if upper.inclusive ? number > upper.value : number >= upper.value { return false }
        }
        return true
    }
}

extension FieldMatcher {
    /// Whether the matcher accepts the values found at its field (empty when the field is absent).
    public func matches(_ values: [JSONValue]) -> Bool {
        if case .exists(let wanted) = self { return values.isEmpty != wanted }
        for value in values where matches(leaf: value) { return true }
        return false
    }

    /// `matches(_:)` on the leaves as the rule index caches them.
    func matches(_ leaves: FieldLeaves) -> Bool {
        if case .exists(let wanted) = self { return leaves.isEmpty != wanted }
        switch leaves {
        case .none: return false
        case .one(let value): return matches(leaf: value)
        case .many(let values): return matches(values)
        }
    }

    /// Whether the matcher accepts one leaf value.
    public func matches(leaf value: JSONValue) -> Bool {
        switch self {
        case .exact(let expected):
            return ExactKey(value) == ExactKey(expected)
        case .prefix(let prefix):
            guard case .string(let string) = value else { return false }
            return TextMatch.hasPrefix(string, prefix)
        case .suffix(let suffix):
            guard case .string(let string) = value else { return false }
            return TextMatch.hasSuffix(string, suffix)
        case .equalsIgnoreCase(let text):
            guard case .string(let string) = value else { return false }
            return TextMatch.folded(string) == TextMatch.folded(text)
        case .wildcard(let pattern):
            guard case .string(let string) = value else { return false }
            return pattern.matches(string)
        case .numeric(let range):
            guard let number = value.doubleValue else { return false }
            return range.contains(number)
        case .exists:
            return true
        case .anythingBut(let excluded):
            switch excluded {
            case .values(let values):
                let key = ExactKey(value)
                return !values.contains { ExactKey($0) == key }
            case .prefix(let prefix):
                guard case .string(let string) = value else { return false }
                return !TextMatch.hasPrefix(string, prefix)
            case .suffix(let suffix):
                guard case .string(let string) = value else { return false }
                return !TextMatch.hasSuffix(string, suffix)
            case .equalsIgnoreCase(let texts):
                guard case .string(let string) = value else { return false }
                let folded = TextMatch.folded(string)
                return !texts.contains { TextMatch.folded($0) == folded }
            }
        }
    }
}
