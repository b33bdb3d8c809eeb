import PropertyBased
import SwitchboardEvents
import SwitchboardRules
import Testing

/// The compiled index must give exactly the interpreter's answer on any rule set and event.
@Suite("Compiled index agrees with the interpreter")
struct IndexAgreesWithInterpreterTests {
    @Test("random rule sets and random events", .timeLimit(.minutes(5)))
    func randomSets() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 1...UInt64.max)) { seed in
            var random = SplitMix64(seed: seed)
            let patterns = (0..<Int.random(in: 1...40, using: &random)).map { _ in RandomPatterns.pattern(depth: 0, using: &random) }
            let index = PatternIndex(patterns)
            for _ in 0..<25 {
                let event = RandomPatterns.event(using: &random)
                let expected = patterns.indices.filter { patterns[$0].matches(event) }
                #expect(index.matches(event) == expected, "seed \(seed): \(event.jsonString())")
            }
        }
    }
}

/// A small, fast, seedable generator so a failing seed replays exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generators over a deliberately tiny vocabulary, so random patterns and events collide often.
enum RandomPatterns {
    static let paths: [[String]] = [["type"], ["data", "a"], ["data", "b"], ["data", "n", "x"], ["data", "list"]]
    static let strings = ["", "a", "ab", "abc", "b", "ba", "Å", "å", "åb", "x*y", "xzy", "🙂"]
    static let numbers: [JSONValue] = [.integer(-2), .integer(0), .double(0.5), .integer(1), .integer(3), .double(1e9)]

    static func leaf(using random: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<5: return .string(strings.randomElement(using: &random)!)
        case 5..<8: return numbers.randomElement(using: &random)!
        case 8: return .bool(Bool.random(using: &random))
        default: return .null
        }
    }

    static func matcher(using random: inout SplitMix64) -> FieldMatcher {
        let text = strings.randomElement(using: &random)!
        switch Int.random(in: 0..<12, using: &random) {
        case 0, 1, 2: return .exact(leaf(using: &random))
        case 3: return .prefix(text)
        case 4: return .suffix(text)
        case 5: return .equalsIgnoreCase(text)
        case 6: return .wildcard(WildcardPattern(["*", "a*", "*b", "x\\*y", "*å*", "å*", "ab*c", "\(text)*", "é\(text)*", "🙂*"].randomElement(using: &random)!))
        case 7: return .anythingBut(.values((0..<Int.random(in: 1...3, using: &random)).map { _ in leaf(using: &random) }))
        case 8: return .anythingBut([.prefix(text), .suffix(text), .equalsIgnoreCase([text])].randomElement(using: &random)!)
        case 9:
            let low = numbers.randomElement(using: &random)!.doubleValue!
            let high = max(low, numbers.randomElement(using: &random)!.doubleValue!)
            return .numeric(NumericRange(lower: Bool.random(using: &random) ? .init(low, inclusive: Bool.random(using: &random)) : nil,
                                         upper: .init(high, inclusive: Bool.random(using: &random))))
        default: return .exists(Bool.random(using: &random))
        }
    }

    static func pattern(depth: Int, using random: inout SplitMix64) -> EventPattern {
        var pattern = EventPattern()
        for path in paths.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)) {
            pattern.conditions.append(FieldCondition(path: path, matchers: (0..<Int.random(in: 1...3, using: &random)).map { _ in matcher(using: &random) }))
        }
        if depth < 2, Int.random(in: 0..<4, using: &random) == 0 {
            pattern.alternatives.append((0..<Int.random(in: 2...3, using: &random)).map { _ in self.pattern(depth: depth + 1, using: &random) })
        }
        return pattern
    }

    static func value(using random: inout SplitMix64) -> JSONValue? {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return nil
        case 1: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in leaf(using: &random) })
        default: return leaf(using: &random)
        }
    }

    static func event(using random: inout SplitMix64) -> JSONValue {
        var root: [String: JSONValue] = [:]
        var data: [String: JSONValue] = [:]
        root["type"] = value(using: &random)
        data["a"] = value(using: &random)
        data["b"] = value(using: &random)
        data["list"] = value(using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: data["n"] = value(using: &random).map { ["x": $0] }
        case 1: data["n"] = .array([["x": leaf(using: &random)], ["x": leaf(using: &random)]])
        default: break
        }
        root["data"] = .object(JSONObject(data))
        return .object(JSONObject(root))
    }
}
