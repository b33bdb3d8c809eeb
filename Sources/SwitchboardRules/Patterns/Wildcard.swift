/// An EventBridge `wildcard` pattern: `*` matches any run of characters (also none), `\*` is a
/// literal star. Matching runs the classic greedy-with-backtrack scan, which is linear for a
/// single star and never exponential.
///
/// It scans UTF-8 bytes, not Unicode scalars: the pattern's literals are whole, valid UTF-8
/// sequences and so is the text, and UTF-8 is self-synchronizing (a literal can only match
/// starting on a scalar's first byte and ends on its last), so the bytes match exactly when the
/// scalars do. Scanning the string's own storage avoids decoding it into a scalar array for
/// every candidate value, which was a twentieth of the webhook ingest profile.
struct Wildcard: Sendable {
    /// A star, or one literal byte.
    private enum Token: Equatable {
        case star
        case byte(UInt8)
    }

    private let tokens: [Token]
    /// The literal bytes before the first star: a value that does not start with them is
    /// rejected without running the scan (most candidates, with patterns like `https://x/*`).
    private let literalPrefix: [UInt8]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens += scalar.utf8.map(Token.byte)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "*" {
                if tokens.last != .star { tokens.append(.star) }
            } else {
                tokens += scalar.utf8.map(Token.byte)
            }
        }
        if escaped { tokens.append(.byte(UInt8(ascii: "\\"))) }
        self.tokens = tokens
        self.literalPrefix = tokens.prefix { $0 != .star }.map {
            guard case .byte(let byte) = $0 else { preconditionFailure("stars were cut off") }
            return byte
        }
    }

    /// The literal text before the first star, when there is some: every value the pattern
    /// matches starts with it, so the rule index can file the pattern under it as a prefix.
    var indexablePrefix: String? {
        literalPrefix.isEmpty ? nil : String(decoding: literalPrefix, as: UTF8.self)
    }

    func matches(_ string: String) -> Bool {
        var string = string
        // Native Swift strings are contiguous; a bridged one is made so once.
        return string.withUTF8 { matches(bytes: $0) }
    }

    private func matches(bytes text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= literalPrefix.count, text.starts(with: literalPrefix) else { return false }
        var t = literalPrefix.count, p = literalPrefix.count
        var starAt = -1, resumeAt = 0
        while t < text.count {
            if p < tokens.count, case .byte(let byte) = tokens[p], byte == text[t] {
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

    /// The literal text before the first star, if any (see `Wildcard.indexablePrefix`).
    var indexablePrefix: String? { compiled.indexablePrefix }

    public var description: String { pattern }

    public static func == (lhs: WildcardPattern, rhs: WildcardPattern) -> Bool { lhs.pattern == rhs.pattern }

    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}
