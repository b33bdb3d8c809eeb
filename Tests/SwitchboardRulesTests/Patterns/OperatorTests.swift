import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Pattern operators")
struct OperatorTests {
    typealias F = RuleFixtures

    @Test("exact strings: any-of list, case-sensitive, no match across types")
    func exactStrings() throws {
        let pattern = "data: {platformState: [ringing, answered]}"
        #expect(try F.matches(pattern, F.event(data: ["platformState": "ringing"])))
        #expect(try F.matches(pattern, F.event(data: ["platformState": "answered"])))
        #expect(try !F.matches(pattern, F.event(data: ["platformState": "Ringing"])))
        #expect(try !F.matches(pattern, F.event(data: ["platformState": 5])))
        #expect(try !F.matches("data: {callContextId: [x]}", F.event()))
    }

    @Test("exact numbers compare numerically; a quoted number is a string")
    func exactNumbers() throws {
        #expect(try F.matches("data: {n: [5]}", F.event(data: ["n": 5])))
        #expect(try F.matches("data: {n: [5]}", F.event(data: ["n": 5.0])))
        #expect(try F.matches("data: {n: [-1.5]}", F.event(data: ["n": -1.5])))
        #expect(try !F.matches("data: {n: [\"5\"]}", F.event(data: ["n": 5])))
        #expect(try !F.matches("data: {n: [5]}", F.event(data: ["n": "5"])))
        #expect(try F.matches("data: {n: [9007199254740993]}", F.event(data: ["n": .integer(9_007_199_254_740_993)])))
    }

    @Test("booleans and null are values")
    func booleansAndNull() throws {
        #expect(try F.matches("data: {flag: [true]}", F.event(data: ["flag": true])))
        #expect(try !F.matches("data: {flag: [true]}", F.event(data: ["flag": "true"])))
        #expect(try F.matches("data: {gone: [null]}", F.event(data: ["gone": .null])))
        #expect(try !F.matches("data: {gone: [null]}", F.event()))
    }

    @Test("an array in the event matches when any element matches")
    func arrays() throws {
        let event = F.event(data: ["tags": ["vip", "gold"], "legs": [["id": "a"], ["id": "b"]]])
        #expect(try F.matches("data: {tags: [gold]}", event))
        #expect(try !F.matches("data: {tags: [silver]}", event))
        #expect(try F.matches("data: {legs: {id: [b]}}", event))
        #expect(try F.matches("data: {tags: [{prefix: go}]}", event))
        #expect(try !F.matches("data: {tags: [{exists: false}]}", event))
        #expect(try F.matches("data: {tags: [{exists: true}]}", event))
        #expect(try !F.matches("data: {tags: [{exists: true}]}", F.event(data: ["tags": []])))
    }

    @Test("prefix and suffix: strings only, Unicode-aware")
    func prefixSuffix() throws {
        #expect(try F.matches("data: {n: [{prefix: \"+46\"}]}", F.event(data: ["n": "+46701234567"])))
        #expect(try !F.matches("data: {n: [{prefix: \"+46\"}]}", F.event(data: ["n": "+4"])))
        #expect(try !F.matches("data: {n: [{prefix: \"+46\"}]}", F.event(data: ["n": 46])))
        #expect(try !F.matches("data: {n: [{prefix: \"+46\"}]}", F.event()))
        #expect(try F.matches("data: {n: [{suffix: \"567\"}]}", F.event(data: ["n": "+46701234567"])))
        #expect(try F.matches("data: {n: [{prefix: \"Zoë\"}]}", F.event(data: ["n": "Zoë Ångström"])))
        #expect(try F.matches("data: {n: [{suffix: \"ström\"}]}", F.event(data: ["n": "Zoë Ångström"])))
        #expect(try F.matches("data: {n: [{prefix: \"\"}]}", F.event(data: ["n": ""])))
        #expect(try F.matches("data: {n: [{suffix: \"📞\"}]}", F.event(data: ["n": "call 📞"])))
    }

    @Test("equals-ignore-case folds Unicode case and ignores other types")
    func equalsIgnoreCase() throws {
        let pattern = "data: {n: [{equals-ignore-case: \"ÅSA\"}]}"
        #expect(try F.matches(pattern, F.event(data: ["n": "åsa"])))
        #expect(try F.matches(pattern, F.event(data: ["n": "ÅsA"])))
        #expect(try !F.matches(pattern, F.event(data: ["n": "asa"])))
        #expect(try !F.matches(pattern, F.event(data: ["n": true])))
    }

    @Test("wildcard: stars match any run, escaped stars are literal")
    func wildcard() throws {
        #expect(try F.matches("data: {u: [{wildcard: \"sip:*@example.com\"}]}", F.event(data: ["u": "sip:anna@example.com"])))
        #expect(try F.matches("data: {u: [{wildcard: \"sip:*@example.com\"}]}", F.event(data: ["u": "sip:@example.com"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"sip:*@example.com\"}]}", F.event(data: ["u": "sip:anna@example.org"])))
        #expect(try F.matches("data: {u: [{wildcard: \"*a*b*c*\"}]}", F.event(data: ["u": "xxaxxbxxcxx"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"*a*b*c*\"}]}", F.event(data: ["u": "cba"])))
        #expect(try F.matches("data: {u: [{wildcard: \"5\\\\*\"}]}", F.event(data: ["u": "5*"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"5\\\\*\"}]}", F.event(data: ["u": "55"])))
        #expect(try F.matches("data: {u: [{wildcard: \"☎️*\"}]}", F.event(data: ["u": "☎️ desk"])))
    }

    @Test("wildcard, prefix and suffix compare Unicode scalars exactly, multi-byte ones too")
    func scalarExactText() throws {
        // A star may end inside a run of multi-byte scalars and backtrack over them.
        #expect(try F.matches("data: {u: [{wildcard: \"*öx\"}]}", F.event(data: ["u": "ööööx"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"*öx\"}]}", F.event(data: ["u": "öööö"])))
        #expect(try F.matches("data: {u: [{wildcard: \"Zo*ström\"}]}", F.event(data: ["u": "Zoë Ångström"])))
        #expect(try F.matches("data: {u: [{wildcard: \"📞*📞\"}]}", F.event(data: ["u": "📞📞"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"📞*📞\"}]}", F.event(data: ["u": "📞"])))
        // Scalars, not characters: a combining accent is its own scalar.
        #expect(try F.matches("data: {u: [{wildcard: \"*\\u0301\"}]}", F.event(data: ["u": "e\u{301}"])))
        #expect(try F.matches("data: {n: [{prefix: \"e\"}]}", F.event(data: ["n": "e\u{301}t\u{e9}"])))
        #expect(try F.matches("data: {n: [{suffix: \"\\u0301\"}]}", F.event(data: ["n": "caf\u{65}\u{301}"])))
        // Precomposed and decomposed forms are different scalars.
        #expect(try !F.matches("data: {n: [{prefix: \"\\u00e9\"}]}", F.event(data: ["n": "e\u{301}"])))
        #expect(try !F.matches("data: {u: [{wildcard: \"\\u00e9*\"}]}", F.event(data: ["u": "e\u{301}"])))
        #expect(try !F.matches("data: {n: [{suffix: \"\\u00e9\"}]}", F.event(data: ["n": "cafe\u{301}"])))
    }

    @Test("anything-but: values, lists, prefix, suffix, ignore-case; needs the field")
    func anythingBut() throws {
        #expect(try F.matches("data: {d: [{anything-but: internal}]}", F.event(data: ["d": "inbound"])))
        #expect(try !F.matches("data: {d: [{anything-but: internal}]}", F.event(data: ["d": "internal"])))
        #expect(try !F.matches("data: {d: [{anything-but: internal}]}", F.event()))
        #expect(try F.matches("data: {d: [{anything-but: [a, b]}]}", F.event(data: ["d": "c"])))
        #expect(try !F.matches("data: {d: [{anything-but: [a, b]}]}", F.event(data: ["d": "b"])))
        #expect(try !F.matches("data: {d: [{anything-but: [404, 500]}]}", F.event(data: ["d": 404.0])))
        #expect(try F.matches("data: {d: [{anything-but: [404]}]}", F.event(data: ["d": "404"])))
        #expect(try F.matches("data: {d: [{anything-but: {prefix: test-}}]}", F.event(data: ["d": "prod-1"])))
        #expect(try !F.matches("data: {d: [{anything-but: {prefix: test-}}]}", F.event(data: ["d": "test-1"])))
        #expect(try !F.matches("data: {d: [{anything-but: {suffix: .test}}]}", F.event(data: ["d": "a.test"])))
        #expect(try !F.matches("data: {d: [{anything-but: {equals-ignore-case: [VIP]}}]}", F.event(data: ["d": "vip"])))
        #expect(try F.matches("data: {d: [{anything-but: internal}]}", F.event(data: ["d": ["internal", "inbound"]])))
    }

    @Test("numeric ranges: bounds, negatives, decimals, large numbers, strings never match")
    func numeric() throws {
        let range = "data: {n: [{numeric: [\">\", 0, \"<=\", 5]}]}"
        #expect(try !F.matches(range, F.event(data: ["n": 0])))
        #expect(try F.matches(range, F.event(data: ["n": 0.0001])))
        #expect(try F.matches(range, F.event(data: ["n": 5])))
        #expect(try !F.matches(range, F.event(data: ["n": 5.0001])))
        #expect(try !F.matches(range, F.event(data: ["n": "3"])))
        #expect(try !F.matches(range, F.event()))
        #expect(try F.matches("data: {n: [{numeric: [\"<\", -10.5]}]}", F.event(data: ["n": -11])))
        #expect(try !F.matches("data: {n: [{numeric: [\"<\", -10.5]}]}", F.event(data: ["n": -10.5])))
        #expect(try F.matches("data: {n: [{numeric: [\"=\", 300]}]}", F.event(data: ["n": 300.0])))
        #expect(try F.matches("data: {n: [{numeric: [\">=\", 1e15]}]}", F.event(data: ["n": .integer(4_000_000_000_000_000)])))
        #expect(try F.matches("data: {n: [{numeric: [\">\", 1, \"<\", 3]}]}", F.event(data: ["n": [0, 2, 9]])))
    }

    @Test("exists: leaves only; null exists; objects do not count")
    func exists() throws {
        #expect(try F.matches("data: {callContextId: [{exists: true}]}", F.event(data: ["callContextId": "ctx"])))
        #expect(try !F.matches("data: {callContextId: [{exists: true}]}", F.event()))
        #expect(try F.matches("data: {callContextId: [{exists: false}]}", F.event()))
        #expect(try F.matches("data: {x: [{exists: true}]}", F.event(data: ["x": .null])))
        #expect(try !F.matches("data: {from: [{exists: true}]}", F.event(data: ["from": ["e164": "+4670"]])))
    }

    @Test("$or: one alternative is enough; combined with other fields all must hold")
    func or() throws {
        let pattern = """
        platform: [telnect]
        $or:
          - data: {state: [failed]}
          - data: {reason: {code: [busy]}}
        """
        #expect(try F.matches(pattern, F.event(data: ["state": "failed"])))
        #expect(try F.matches(pattern, F.event(data: ["reason": ["code": "busy"]])))
        #expect(try !F.matches(pattern, F.event(data: ["state": "answered"])))
        #expect(try !F.matches(pattern, F.event(platform: .thello, data: ["state": "failed"])))
    }

    @Test("$or nested under a field applies to that field's members")
    func nestedOr() throws {
        let pattern = """
        data:
          $or:
            - state: [failed]
            - reason: {code: [busy, no-answer]}
        """
        #expect(try F.matches(pattern, F.event(data: ["state": "failed"])))
        #expect(try F.matches(pattern, F.event(data: ["reason": ["code": "no-answer"]])))
        #expect(try !F.matches(pattern, F.event(data: ["state": "answered", "reason": ["code": "hangup"]])))
        let checked = try RuleFixtures.ruleSet(match: pattern, checkSchema: true)
        #expect(checked.rules.count == 1)
    }

    @Test("several operators on one field: any of them")
    func operatorsAreAnyOf() throws {
        let pattern = "data: {n: [exact, {prefix: pre}, {numeric: [\">\", 10]}]}"
        #expect(try F.matches(pattern, F.event(data: ["n": "exact"])))
        #expect(try F.matches(pattern, F.event(data: ["n": "prefixed"])))
        #expect(try F.matches(pattern, F.event(data: ["n": 11])))
        #expect(try !F.matches(pattern, F.event(data: ["n": 10])))
    }
}
