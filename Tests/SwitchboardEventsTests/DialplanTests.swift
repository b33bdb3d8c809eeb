import SwitchboardEvents
import Testing

@Suite("E.164 from a dialplan")
struct DialplanTests {
    let sweden = Dialplan(countryCode: "46", localPrefix: "0", globalPrefix: "00")

    @Test("derives E.164", arguments: [
        ("0890510", "+46890510"),
        ("+4610100555", "+4610100555"),
        ("004610100555", "+4610100555"),
        ("08-905 10", "+46890510"),
    ])
    func derives(number: String, expected: String) {
        #expect(sweden.e164(number) == expected)
    }

    @Test("leaves extensions and users alone", arguments: ["100", "alice", "", "+12", "0"])
    func leavesAlone(number: String) {
        #expect(sweden.e164(number) == nil)
    }
}

@Suite("E.164 of numbers that are already international")
struct InternationalNumberTests {
    @Test("separators are dropped and the digits kept", arguments: [
        ("+46 8 905 10", "+46890510"),
        ("+1 (555) 010-0199", "+15550100199"),
        ("+44.20/7946.0958", "+442079460958"),
        ("+123456789012345", "+123456789012345"),
    ])
    func international(number: String, expected: String) {
        #expect(Dialplan.e164IfInternational(number) == expected)
    }

    @Test("anything else is not an E.164 number", arguments: [
        "0890510", "46890510", "+0890510", "+123456", "+1234567890123456", "++46890510", "+46+890510",
        "+4689051x", "+46 ８ 905 10", "+4\u{301}6890510", "+", "", "12+46890510",
    ])
    func rejected(number: String) {
        #expect(Dialplan.e164IfInternational(number) == nil)
    }
}
