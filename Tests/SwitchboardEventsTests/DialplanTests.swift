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
