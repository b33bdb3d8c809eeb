import SwitchboardEvents

/// A set of event patterns compiled into per-field indexes, so matching an event costs about the
/// same for ten patterns as for a hundred thousand.
///
/// Each pattern is multiplied out into plain conjunctions (`$or` expanded). Every conjunction is
/// filed under one *anchor* condition that can be looked up by value — an exact value, a
/// case-folded value, a prefix or suffix (looked up per distinct length), or presence — choosing
/// the path with the most distinct exact values, so the anchor is as selective as the rule set
/// allows. Matching an event reads the anchor paths, looks the event's values up, and verifies
/// only the conjunctions found there, plus the few that have no indexable condition at all
/// (only `anything-but`, `numeric`, `wildcard` or `exists: false`).
public struct PatternIndex: Sendable {
    /// The most conjunctions one pattern may expand to; larger `$or` products are rejected.
    public static let conjunctionLimit = 1024

    struct Conjunction: Sendable {
        var pattern: Int32
        var conditions: [(pathID: Int, condition: FieldCondition)]
    }

    struct PathIndex: Sendable {
        var pathID: Int
        var exact: [ExactKey: [Int32]] = [:]
        var folded: [String: [Int32]] = [:]
        var prefixes: [String: [Int32]] = [:]
        var prefixLengths: [Int] = []
        var suffixes: [String: [Int32]] = [:]
        var suffixLengths: [Int] = []
        var whenPresent: [Int32] = []

        var isEmpty: Bool { exact.isEmpty && folded.isEmpty && prefixes.isEmpty && suffixes.isEmpty && whenPresent.isEmpty }
    }

    private let paths: [[String]]
    private let conjunctions: [Conjunction]
    private let indexes: [PathIndex]
    private let unanchored: [Int32]
    /// How many patterns were compiled.
    public let count: Int

    /// Compiles `patterns`; the index of a pattern in this array is what `matches(_:)` returns.
    ///
    /// Returns nil for the pattern positions whose `$or` expansion exceeds `conjunctionLimit`
    /// through `oversized`; such patterns never match.
    public init(_ patterns: [EventPattern], oversized: inout [Int]) {
        var pathIDs: [[String]: Int] = [:]
        var paths: [[String]] = []
        func pathID(_ path: [String]) -> Int {
            if let id = pathIDs[path] { return id }
            pathIDs[path] = paths.count
            paths.append(path)
            return paths.count - 1
        }

        var conjunctions: [Conjunction] = []
        for (position, pattern) in patterns.enumerated() {
            guard let expanded = pattern.disjunctiveNormalForm(limit: Self.conjunctionLimit) else {
                oversized.append(position)
                continue
            }
            for conditions in expanded {
                conjunctions.append(Conjunction(pattern: Int32(position), conditions: conditions.map { (pathID($0.path), $0) }))
            }
        }

        // Selectivity of a path: how many distinct exact values the rule set tests it for.
        var distinct = [Set<ExactKey>](repeating: [], count: paths.count)
        for conjunction in conjunctions {
            for (id, condition) in conjunction.conditions {
                for case .exact(let value) in condition.matchers { distinct[id].insert(ExactKey(value)) }
            }
        }

        var indexes = paths.indices.map { PathIndex(pathID: $0) }
        var unanchored: [Int32] = []
        for (number, conjunction) in conjunctions.enumerated() {
            let id = Int32(number)
            let anchor = conjunction.conditions
                .compactMap { entry in Self.anchorRank(entry.condition).map { (entry, $0) } }
                .max { ($0.1, distinct[$0.0.pathID].count) < ($1.1, distinct[$1.0.pathID].count) }?.0
            guard let anchor else {
                unanchored.append(id)
                continue
            }
            Self.file(id, under: anchor.condition.matchers, into: &indexes[anchor.pathID])
        }

        self.paths = paths
        self.conjunctions = conjunctions
        self.indexes = indexes.filter { !$0.isEmpty }
        self.unanchored = unanchored
        self.count = patterns.count
    }

    /// Files conjunction `id` under each of its anchor's matchers.
    private static func file(_ id: Int32, under matchers: [FieldMatcher], into index: inout PathIndex) {
            for matcher in matchers {
                switch matcher {
                case .exact(let value): index.exact[ExactKey(value), default: []].append(id)
                case .equalsIgnoreCase(let text): index.folded[TextMatch.folded(text), default: []].append(id)
                case .prefix(let prefix):
                    index.prefixes[prefix, default: []].append(id)
                    let length = prefix.unicodeScalars.count
                    if !index.prefixLengths.contains(length) { index.prefixLengths.append(length) }
                case .suffix(let suffix):
                    index.suffixes[suffix, default: []].append(id)
                    let length = suffix.unicodeScalars.count
                    if !index.suffixLengths.contains(length) { index.suffixLengths.append(length) }
                case .exists: index.whenPresent.append(id)
                default: preconditionFailure("anchorRank admitted a matcher that cannot be indexed")
                }
            }
    }

    /// Compiles `patterns`, leaving patterns with an oversized `$or` product unmatched.
    public init(_ patterns: [EventPattern]) {
        var ignored: [Int] = []
        self.init(patterns, oversized: &ignored)
    }

    /// How well a condition serves as an index key: nil when it cannot be looked up by value.
    private static func anchorRank(_ condition: FieldCondition) -> Int? {
        var rank = 3
        for matcher in condition.matchers {
            switch matcher {
            case .exact: break
            case .equalsIgnoreCase, .prefix, .suffix: rank = min(rank, 2)
            case .exists(true): rank = min(rank, 1)
            default: return nil
            }
        }
        return condition.matchers.isEmpty ? nil : rank
    }

    /// The positions of the patterns that match `event`, ascending.
    public func matches(_ event: JSONValue) -> [Int] {
        var scratch = MatchScratch(event: event, pathCount: paths.count)
        for index in indexes {
            let found = scratch.values(index.pathID, paths)
            guard !found.isEmpty else { continue }
            consider(index.whenPresent, &scratch)
            for value in found {
                if let ids = index.exact[ExactKey(value)] { consider(ids, &scratch) }
                guard case .string(let string) = value else { continue }
                if !index.folded.isEmpty, let ids = index.folded[TextMatch.folded(string)] { consider(ids, &scratch) }
                if !index.prefixLengths.isEmpty || !index.suffixLengths.isEmpty {
                    let length = string.unicodeScalars.count
                    for prefixLength in index.prefixLengths where prefixLength <= length {
                        if let ids = index.prefixes[TextMatch.prefix(of: string, scalars: prefixLength)] { consider(ids, &scratch) }
                    }
                    for suffixLength in index.suffixLengths where suffixLength <= length {
                        if let ids = index.suffixes[TextMatch.suffix(of: string, scalars: suffixLength)] { consider(ids, &scratch) }
                    }
                }
            }
        }
        consider(unanchored, &scratch)
        return scratch.matched.count > 1 ? scratch.matched.map(Int.init).sorted() : scratch.matched.map(Int.init)
    }

    /// Verifies each candidate conjunction once and records its pattern when it holds.
    private func consider(_ ids: [Int32], _ scratch: inout MatchScratch) {
        for id in ids where !scratch.tried.contains(id) {
            scratch.tried.append(id)
            let conjunction = conjunctions[Int(id)]
            guard !scratch.matched.contains(conjunction.pattern) else { continue }
            var holds = true
            for (pathID, condition) in conjunction.conditions where !condition.matches(scratch.values(pathID, paths)) {
                holds = false
                break
            }
            if holds { scratch.matched.append(conjunction.pattern) }
        }
    }
}

/// Per-event working memory: the leaves read so far and the candidates seen.
///
/// Candidate lists are short (the index is selective), so arrays beat sets here.
private struct MatchScratch {
    let event: JSONValue
    var leaves: [[JSONValue]?]
    var tried: [Int32] = []
    var matched: [Int32] = []

    init(event: JSONValue, pathCount: Int) {
        self.event = event
        self.leaves = Array(repeating: nil, count: pathCount)
    }

    mutating func values(_ id: Int, _ paths: [[String]]) -> [JSONValue] {
        if let cached = leaves[id] { return cached }
        let found = EventFields.leaves(of: event, at: paths[id])
        leaves[id] = found
        return found
    }
}
