import SwitchboardEvents

/// A set of event patterns compiled into per-field indexes, so matching an event costs about the
/// same for ten patterns as for a hundred thousand.
///
/// Each pattern is multiplied out into plain conjunctions (`$or` expanded). Every conjunction is
/// filed under one *anchor* condition that can be looked up by value — an exact value, a
/// case-folded value, a prefix or suffix (looked up per distinct length; a `wildcard` by its
/// literal text before the first star), or presence — choosing the condition whose keys the
/// fewest other conditions share, so the anchor is as selective as the rule set allows. Matching
/// an event reads the anchor paths, looks the event's values up, and verifies only the
/// conjunctions found there, plus the few that have no indexable condition at all (only
/// `anything-but`, `numeric`, `wildcard` starting with a star, or `exists: false`).
///
/// Conditions and matchers live in flat arrays so verifying a candidate touches little memory:
/// with large rule sets the cost of matching is mostly cache misses.
public struct PatternIndex: Sendable {
    /// The most conjunctions one pattern may expand to; larger `$or` products are rejected.
    public static let conjunctionLimit = 1024

    private let paths: [[String]]
    private let conjunctions: [Conjunction]
    private let conditions: [Condition]
    private let matchers: [FieldMatcher]
    /// The lookup tables of the anchor paths, and which path each belongs to.
    private let indexes: [PathIndex]
    private let indexedPaths: [Int]
    private let unanchored: [Int32]
    /// How many patterns were compiled.
    public let count: Int

    /// Compiles `patterns`; the position of a pattern in this array is what `matches(_:)` returns.
    ///
    /// The positions of patterns whose `$or` expansion exceeds `conjunctionLimit` are appended to
    /// `oversized`; such patterns never match (the loader rejects them before they get here).
    public init(_ patterns: [EventPattern], oversized: inout [Int]) {
        var pathIDs: [[String]: Int32] = [:]
        var paths: [[String]] = []
        var conjunctions: [Conjunction] = []
        var conditions: [Condition] = []
        var matchers: [FieldMatcher] = []
        for (position, pattern) in patterns.enumerated() {
            guard let expanded = pattern.disjunctiveNormalForm(limit: Self.conjunctionLimit) else {
                oversized.append(position)
                continue
            }
            for conjunction in expanded {
                let first = Int32(conditions.count)
                for condition in conjunction {
                    let pathID: Int32
                    if let known = pathIDs[condition.path] {
                        pathID = known
                    } else {
                        pathID = Int32(paths.count)
                        pathIDs[condition.path] = pathID
                        paths.append(condition.path)
                    }
                    let start = Int32(matchers.count)
                    matchers += condition.matchers
                    conditions.append(Condition(pathID: pathID, matchers: start..<Int32(matchers.count)))
                }
                conjunctions.append(Conjunction(pattern: Int32(position), conditions: first..<Int32(conditions.count), anchor: -1))
            }
        }

        // Fan-out of a lookup key: how many conditions test the path for it. The anchor of a
        // conjunction is the condition whose keys reach the fewest conjunctions, so an event
        // that hits a popular key (every rule on `type: call.answered`) does not verify them all
        // when a rarer key (a callee suffix) can file the rule instead. Ties go to the better
        // rank: an exact anchor needs no verification.
        var fanOut: [AnchorKey: Int] = [:]
        for condition in conditions {
            for matcher in matchers[condition.range] {
                if let key = AnchorKey(matcher, path: condition.pathID) { fanOut[key, default: 0] += 1 }
            }
        }

        var indexes = paths.indices.map { _ in PathIndex() }
        var unanchored: [Int32] = []
        for number in conjunctions.indices {
            var best: (condition: Int32, fanOut: Int, rank: Int)?
            for position in conjunctions[number].conditions {
                let condition = conditions[Int(position)]
                guard let keys = AnchorKey.keys(of: matchers[condition.range], path: condition.pathID) else { continue }
                let rank = keys.map(\.rank).min()!
                let reach = keys.reduce(0) { $0 + fanOut[$1, default: 0] }
                if best.map({ reach < $0.fanOut || (reach == $0.fanOut && rank > $0.rank) }) ?? true {
                    best = (position, reach, rank)
                }
            }
            guard let anchor = best?.condition else {
                unanchored.append(Int32(number))
                continue
            }
            conjunctions[number].anchor = anchor
            let condition = conditions[Int(anchor)]
            for key in AnchorKey.keys(of: matchers[condition.range], path: condition.pathID)! {
                indexes[Int(condition.pathID)].file(Int32(number), under: key.value)
            }
        }

        self.paths = paths
        self.conjunctions = conjunctions
        self.conditions = conditions
        self.matchers = matchers
        self.indexedPaths = indexes.indices.filter { !indexes[$0].isEmpty }
        self.indexes = indexedPaths.map { indexes[$0] }
        self.unanchored = unanchored
        self.count = patterns.count
    }

    /// Compiles `patterns`, leaving patterns with an oversized `$or` product unmatched.
    public init(_ patterns: [EventPattern]) {
        var ignored: [Int] = []
        self.init(patterns, oversized: &ignored)
    }

    /// The positions of patterns with a conjunction that has no indexable condition: those are
    /// verified against every event, so many of them slow matching down.
    public var unindexedPatterns: [Int] {
        Array(Set(unanchored.map { Int(conjunctions[Int($0)].pattern) })).sorted()
    }

    /// The positions of the patterns that match `event`, ascending.
    public func matches(_ event: JSONValue) -> [Int] {
        // Verification reads conjunctions, conditions and matchers through buffer pointers:
        // indexing the arrays copied each `FieldMatcher` (retaining its strings), which was most
        // of the time spent matching in the webhook ingest profile.
        conjunctions.withUnsafeBufferPointer { conjunctions in
            conditions.withUnsafeBufferPointer { conditions in
                matchers.withUnsafeBufferPointer { matchers in
                    let tables = Tables(conjunctions: conjunctions, conditions: conditions, matchers: matchers, paths: paths)
                    return matches(event, tables)
                }
            }
        }
    }

    private func matches(_ event: JSONValue, _ tables: Tables) -> [Int] {
        // The per-path cache lives on the stack for the usual rule set (the standard library
        // moves large ones to the heap): an array per event showed in the ingest profile.
        withUnsafeTemporaryAllocation(of: FieldLeaves?.self, capacity: paths.count) { leaves in
            leaves.initialize(repeating: nil)
            defer { _ = leaves.deinitialize() }
            var scratch = MatchScratch(event: event, leaves: leaves)
            return matches(&scratch, tables)
        }
    }

    private func matches(_ scratch: inout MatchScratch, _ tables: Tables) -> [Int] {
        for slot in indexes.indices {
            let found = scratch.values(indexedPaths[slot], paths)
            guard !found.isEmpty else { continue }
            // Exact, folded and presence lookups mean the same as verification, so the anchor
            // condition is known to hold; prefix and suffix lookups only narrow and are verified.
            // `indexes[slot].…` is read in place: copying a PathIndex would retain every table.
            for id in indexes[slot].whenPresent { tables.consider(id, anchorHolds: true, &scratch) }
            for value in found {
                if let postings = indexes[slot].exact[ExactKey(value)] { tables.consider(postings, anchorHolds: true, &scratch) }
                guard case .string(let string) = value else { continue }
                if !indexes[slot].folded.isEmpty, let postings = indexes[slot].folded[TextMatch.folded(string)] {
                    tables.consider(postings, anchorHolds: true, &scratch)
                }
                if !indexes[slot].prefixLengths.isEmpty || !indexes[slot].suffixLengths.isEmpty {
                    lookUpAffixes(of: string, in: slot, tables, &scratch)
                }
            }
        }
        for id in unanchored { tables.consider(id, anchorHolds: false, &scratch) }
        return scratch.matched.count > 1 ? scratch.matched.map(Int.init).sorted() : scratch.matched.map(Int.init)
    }

    private func lookUpAffixes(of string: String, in slot: Int, _ tables: Tables, _ scratch: inout MatchScratch) {
        var text = string
        let done = text.withUTF8 { bytes -> Bool in
            // ASCII (phone numbers, URLs, ids): a scalar is a byte, so the keys are byte slices,
            // decoded without walking the string's scalars once per length.
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            for length in indexes[slot].prefixLengths where length <= bytes.count {
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
                if let postings = indexes[slot].prefixes[key] { tables.consider(postings, anchorHolds: false, &scratch) }
            }
            for length in indexes[slot].suffixLengths where length <= bytes.count {
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[(bytes.count - length)...]), as: UTF8.self)
                if let postings = indexes[slot].suffixes[key] { tables.consider(postings, anchorHolds: false, &scratch) }
            }
            return true
        }
        if done { return }
        let length = string.unicodeScalars.count
        for prefixLength in indexes[slot].prefixLengths where prefixLength <= length {
            if let postings = indexes[slot].prefixes[TextMatch.prefix(of: string, scalars: prefixLength)] { tables.consider(postings, anchorHolds: false, &scratch) }
        }
        for suffixLength in indexes[slot].suffixLengths where suffixLength <= length {
            if let postings = indexes[slot].suffixes[TextMatch.suffix(of: string, scalars: suffixLength)] { tables.consider(postings, anchorHolds: false, &scratch) }
        }
    }
}

extension PatternIndex {
    /// The compiled rule data, borrowed for one `matches` call.
    private struct Tables {
        let conjunctions: UnsafeBufferPointer<Conjunction>
        let conditions: UnsafeBufferPointer<Condition>
        let matchers: UnsafeBufferPointer<FieldMatcher>
        let paths: [[String]]

        func consider(_ postings: Postings, anchorHolds: Bool, _ scratch: inout MatchScratch) {
            switch postings.storage {
            case .one(let id): consider(id, anchorHolds: anchorHolds, &scratch)
            case .many(let ids): for id in ids { consider(id, anchorHolds: anchorHolds, &scratch) }
            }
        }

        /// Verifies a candidate conjunction and records its pattern when it holds.
        ///
        /// A conjunction reached twice (an anchor with several values) is verified again rather than
        /// remembered: candidates are few, and verification is cheaper than bookkeeping.
        func consider(_ id: Int32, anchorHolds: Bool, _ scratch: inout MatchScratch) {
            let conjunction = conjunctions[Int(id)]
            guard !scratch.matched.contains(conjunction.pattern) else { return }
            for position in conjunction.conditions where !(anchorHolds && position == conjunction.anchor) {
                let condition = conditions[Int(position)]
                let values = scratch.values(Int(condition.pathID), paths)
                var holds = false
                for index in condition.range where matchers[index].matches(values) {
                    holds = true
                    break
                }
                if !holds { return }
            }
            scratch.matched.append(conjunction.pattern)
        }
    }
}

extension PatternIndex {
    /// One conjunction of conditions; `anchor` is the condition it is indexed under, or -1.
    struct Conjunction: Sendable {
        var pattern: Int32
        var conditions: Range<Int32>
        var anchor: Int32
    }

    /// A field condition: it holds when any of its matchers holds on the path's values.
    struct Condition: Sendable {
        var pathID: Int32
        var matchers: Range<Int32>

        var range: Range<Int> { Int(matchers.lowerBound)..<Int(matchers.upperBound) }
    }

    /// The conjunctions filed under one key; most keys have exactly one, kept inline.
    struct Postings: Sendable {
        enum Storage: Sendable {
            case one(Int32)
            case many([Int32])
        }

        var storage: Storage = .many([])

        mutating func append(_ id: Int32) {
            switch storage {
            case .many(let ids) where ids.isEmpty: storage = .one(id)
            case .one(let first): storage = .many([first, id])
            case .many(var ids):
                storage = .many([])
                ids.append(id)
                storage = .many(ids)
            }
        }
    }

    /// A key a condition can be looked up by, on one path (counting how many conditions share it).
    struct AnchorKey: Hashable {
        enum Value: Hashable {
            case exact(ExactKey)
            case folded(String)
            case prefix(String)
            case suffix(String)
            case present
        }

        var path: Int32
        var value: Value

        init?(_ matcher: FieldMatcher, path: Int32) {
            self.path = path
            switch matcher {
            case .exact(let value): self.value = .exact(ExactKey(value))
            case .equalsIgnoreCase(let text): self.value = .folded(TextMatch.folded(text))
            case .prefix(let prefix): self.value = .prefix(prefix)
            case .suffix(let suffix): self.value = .suffix(suffix)
            case .wildcard(let wildcard):
                guard let prefix = wildcard.indexablePrefix else { return nil }
                self.value = .prefix(prefix)
            case .exists(true): self.value = .present
            default: return nil
            }
        }

        /// The keys of a condition (one per matcher), or nil when a matcher cannot be looked up
        /// by value, which leaves the condition out as an anchor.
        static func keys(of matchers: ArraySlice<FieldMatcher>, path: Int32) -> [AnchorKey]? {
            var keys: [AnchorKey] = []
            for matcher in matchers {
                guard let key = AnchorKey(matcher, path: path) else { return nil }
                keys.append(key)
            }
            return keys.isEmpty ? nil : keys
        }

        /// How well the key serves as an anchor: an exact or presence lookup proves the
        /// condition; the others only narrow the candidates, which are then verified.
        var rank: Int {
            switch value {
            case .exact: 3
            case .folded, .prefix, .suffix: 2
            case .present: 1
            }
        }
    }

    /// The lookup tables of one field path.
    struct PathIndex: Sendable {
        var exact: [ExactKey: Postings] = [:]
        var folded: [String: Postings] = [:]
        var prefixes: [String: Postings] = [:]
        var prefixLengths: [Int] = []
        var suffixes: [String: Postings] = [:]
        var suffixLengths: [Int] = []
        var whenPresent: [Int32] = []

        /// Files conjunction `id` under one of its anchor's keys.
        mutating func file(_ id: Int32, under key: AnchorKey.Value) {
            switch key {
            case .exact(let value): exact[value, default: Postings()].append(id)
            case .folded(let text): folded[text, default: Postings()].append(id)
            case .prefix(let prefix):
                prefixes[prefix, default: Postings()].append(id)
                let length = prefix.unicodeScalars.count
                if !prefixLengths.contains(length) { prefixLengths.append(length) }
            case .suffix(let suffix):
                suffixes[suffix, default: Postings()].append(id)
                let length = suffix.unicodeScalars.count
                if !suffixLengths.contains(length) { suffixLengths.append(length) }
            case .present: whenPresent.append(id)
            }
        }

        var isEmpty: Bool { exact.isEmpty && folded.isEmpty && prefixes.isEmpty && suffixes.isEmpty && whenPresent.isEmpty }
    }
}

/// Per-event working memory: the leaves read so far and the patterns matched.
private struct MatchScratch {
    let event: JSONValue
    /// One slot per path of the index, initialized to nil; owned by `PatternIndex.matches`.
    let leaves: UnsafeMutableBufferPointer<FieldLeaves?>
    var matched: [Int32] = []

    init(event: JSONValue, leaves: UnsafeMutableBufferPointer<FieldLeaves?>) {
        self.event = event
        self.leaves = leaves
    }

    mutating func values(_ id: Int, _ paths: [[String]]) -> FieldLeaves {
        if let cached = leaves[id] { return cached }
        let found = FieldLeaves(of: event, at: paths[id])
        leaves[id] = found
        return found
    }
}
