/// An EventBridge `wildcard` pattern: `*` matches any run of characters (also none), `\*` is a
/// literal star. Matching runs over Unicode scalars with the classic greedy-with-backtrack scan,
/// which is linear for a single star and never exponential.
struct Wildcard: Sendable {
    private enum Token: Equatable {
        case star
        case scalar(Unicode.Scalar)
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens.append(.scalar(scalar))
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "*" {
                if tokens.last != .star { tokens.append(.star) }
            } else {
                tokens.append(.scalar(scalar))
            }
        }
        if escaped { tokens.append(.scalar("\\")) }
        self.tokens = tokens
    }

    func matches(_ string: String) -> Bool {
        let text = Array(string.unicodeScalars)
        var t = 0, p = 0
        var starAt = -1, resumeAt = 0
        while t < text.count {
            if p < tokens.count, case .scalar(let scalar) = tokens[p], scalar == text[t] {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p] == .star {
                starAt = p
                resumeAt = t
                p += 1
            } else if starAt >= 0 {
                p = starAt + 1
                resumeAt += 1
                t = resumeAt
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }
}

/// A `wildcard` operand compiled once, when the rule is loaded: matching an event then scans
/// tokens instead of re-reading the pattern text (this was a third of the webhook CPU profile).
public struct WildcardPattern: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The pattern as written in the rule file.
    public let pattern: String
    private let compiled: Wildcard

    public init(_ pattern: String) {
        self.pattern = pattern
        self.compiled = Wildcard(pattern)
    }

    public init(stringLiteral pattern: String) {
        self.init(pattern)
    }

    public func matches(_ string: String) -> Bool { compiled.matches(string) }

    public var description: String { pattern }

    public static func == (lhs: WildcardPattern, rhs: WildcardPattern) -> Bool { lhs.pattern == rhs.pattern }

    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}
