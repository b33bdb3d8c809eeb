import SwitchboardEvents

/// A parsed `{{ … }}` expression.
indirect enum TemplateExpression: Sendable, Hashable {
    /// A path into the event (`data.callContextId`); a missing path is null.
    case path([String])
    case literal(JSONValue)
    case list([TemplateExpression])
    case call(TemplateFunction, [TemplateExpression])
}

/// The functions templates may call.
enum TemplateFunction: String, Sendable, Hashable, CaseIterable {
    /// `default(a, b, …)`: the first argument that is neither null nor an empty string.
    case `default`
    case lower
    case upper
    /// `e164(number, 'countryCode'?)`: the E.164 form, or null when it cannot be derived.
    case e164
    /// `lookup('table', key, fallback?)`.
    case lookup
    /// `roundRobin('listTable')` or `roundRobin(['a', 'b'])`: the next element in turn.
    case roundRobin
    /// `sticky(key, choice, ttlSeconds?)`: the value chosen for this key before, while it is fresh.
    case sticky

    var arity: ClosedRange<Int> {
        switch self {
        case .default: return 1...16
        case .lower, .upper, .roundRobin: return 1...1
        case .e164: return 1...2
        case .lookup: return 2...3
        case .sticky: return 2...3
        }
    }

    var signature: String {
        switch self {
        case .default: return "default(value, fallback, …)"
        case .lower: return "lower(value)"
        case .upper: return "upper(value)"
        case .e164: return "e164(number, 'countryCode')"
        case .lookup: return "lookup('table', key, fallback)"
        case .roundRobin: return "roundRobin('table') or roundRobin(['a', 'b'])"
        case .sticky: return "sticky(key, choice, ttlSeconds)"
        }
    }
}
