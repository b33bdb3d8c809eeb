import SwitchboardEvents
import SwitchboardNormalizers
import Testing

@Suite("Normalizers: Telnect")
struct TelnectNormalizerTests {
    /// A call in the "Get Call Information" shape, without the `number` block, so the parties
    /// come from the SIP URIs and the dialplan.
    static func call(caller: String, called: String, status: String = "ringing") -> String {
        #"""
        {"id":"call-1","status":"\#(status)",
         "source":{"dialplan":{"key":"SE","name":"Sweden","globalPrefix":"00","localPrefix":"0","cc":"46"},
                   "caller":{"scheme":"sip","user":\#(TestSupport.quoted(caller)),"name":"","userParam":{"user":"phone"}}},
         "destination":{"dialplan":{"key":"SE","name":"Sweden","globalPrefix":"00","localPrefix":"0","cc":"46"},
                        "to":{"scheme":"sip","user":\#(TestSupport.quoted(called)),"name":"","userParam":{"user":"phone"}}}}
        """#
    }

    @Test("E.164 from the document's Swedish dialplan", arguments: [
        ("0890510", "+46890510"),
        ("+4610100555", "+4610100555"),
        ("0046890510", "+46890510"),
        ("010100555", "+4610100555"),
        ("08-905 10", "+46890510"),
        ("0044 20 7946 0018", "+442079460018"),
    ])
    func e164FromDialplan(number: String, e164: String) throws {
        let event = try TestSupport.single(.telnect, Self.call(caller: number, called: number))
        #expect(event.data.from?.number == number)
        #expect(event.data.from?.e164 == e164)
        #expect(event.data.to?.e164 == e164)
        #expect(event.data.from?.kind == "phone")
    }

    @Test("numbers that are no E.164 keep only their raw form", arguments: ["100", "alice", "0", "+12"])
    func noE164(number: String) throws {
        let event = try TestSupport.single(.telnect, Self.call(caller: number, called: number))
        #expect(event.data.from?.number == number)
        #expect(event.data.from?.e164 == nil)
    }

    @Test("the `number` block wins over SIP users; the diverter is kept")
    func numberBlock() throws {
        let events = try Normalizers.normalizer(for: .telnect).normalize(
            try TestSupport.fixture(.telnect, "doc-get-call-information.json"), context: TestSupport.context)
        let event = try #require(events.first)
        #expect(event.type == .initiated)
        #expect(event.data.callId == "c000daeuyzzoq-za3wqdi-ycuaugy-jmqq")
        #expect(event.partitionKey == event.data.callId)
        #expect(event.data.from?.number == "+4610100555")
        #expect(event.data.to?.e164 == "+46890510")
        #expect(event.data.diverter == Party(number: "+462012345", e164: "+462012345"))
        #expect(event.time == TestSupport.receivedAt)
    }

    @Test("envelope: upstream id, time, direction and error reason")
    func envelope() throws {
        let answered = try TestSupport.single(.telnect, String(decoding: try TestSupport.fixture(.telnect, "ws-envelope-answered.json"), as: UTF8.self))
        #expect(answered.id == "evt-7f3a2c")
        #expect(answered.time == Timestamp(rfc3339: "2024-03-05T09:14:22.481Z"))
        #expect(answered.data.direction == .outbound)
        #expect(answered.data.from?.name == "Sales")

        let incoming = try TestSupport.single(.telnect, String(decoding: try TestSupport.fixture(.telnect, "ws-envelope-incoming.json"), as: UTF8.self))
        #expect(incoming.data.direction == .inbound)
        #expect(incoming.time == Timestamp(unixSeconds: 1_709_630_062))
        #expect(incoming.data.from?.e164 == "+46701234567")

        let error = try TestSupport.single(.telnect, String(decoding: try TestSupport.fixture(.telnect, "ws-error.json"), as: UTF8.self))
        #expect(error.type == .failed)
        #expect(error.data.reason == CallReason(code: .failure, platformReason: "DESTINATION_UNREACHABLE"))
    }

    @Test("history records: one event per record with times and duration")
    func history() throws {
        let events = try Normalizers.normalizer(for: .telnect).normalize(
            try TestSupport.fixture(.telnect, "doc-call-history.json"), context: TestSupport.context)
        let event = try #require(events.first)
        #expect(event.type == .completed)
        #expect(event.data.durations == CallDurations(totalSeconds: 120))
        #expect(event.data.startedAt == Timestamp(rfc3339: "2023-01-01T10:00:00Z"))
        #expect(event.time == Timestamp(rfc3339: "2023-01-01T10:02:00Z"))
        #expect(event.data.from == Party(number: "+4610100555", e164: "+4610100555"))
    }

    @Test("a default dialplan from the context applies when the payload has none")
    func defaultDialplan() throws {
        let context = NormalizationContext(receivedAt: TestSupport.receivedAt, defaultDialplan: Dialplan(countryCode: "46"))
        let event = try TestSupport.single(.telnect, #"{"id":"c","status":"ringing","source":"0890510","destination":"100"}"#, context: context)
        #expect(event.data.from?.e164 == "+46890510")
        #expect(event.data.to?.e164 == nil)
    }

    @Test("bad call events give typed errors naming the member", arguments: [
        (#"{"status":"ringing"}"#, NormalizationError.missingField(path: "id")),
        (#"{"id":"c"}"#, .missingField(path: "status")),
        (#"{"event":"call.state","call":{"status":"ringing"}}"#, .missingField(path: "call.id")),
        (#"{"event":"x","call":[1]}"#, .wrongType(path: "call", expected: "object", found: "array")),
        (#"{"id":"c","status":7}"#, .wrongType(path: "status", expected: "string", found: "number")),
        (#"{"id":["c"],"status":"ringing"}"#, .wrongType(path: "id", expected: "string", found: "array")),
        (#"{"id":"c","status":"ringing","source":5}"#, .wrongType(path: "source", expected: "object or string", found: "number")),
        (#"{"id":"c","status":"ringing","source":{"dialplan":{"cc":true}}}"#, .wrongType(path: "source.dialplan.cc", expected: "string", found: "boolean")),
        (#"{"id":"c","status":"ringing","source":{"dialplan":{"cc":"Sweden"}}}"#, .invalidValue(path: "source.dialplan.cc", reason: #"expected a country calling code, found "Sweden""#)),
        (#"{"id":"c","status":"ringing","number":{"caller":46}}"#, .wrongType(path: "number.caller", expected: "string", found: "number")),
        (#"{"id":"c","status":"hangup","duration":"long"}"#, .wrongType(path: "duration", expected: "a number of seconds", found: #"string "long""#)),
        (#"{"id":"c","status":"hangup","end_time":"2023-13-01T00:00:00Z"}"#, .invalidValue(path: "end_time", reason: #"expected an RFC 3339 timestamp, found "2023-13-01T00:00:00Z""#)),
        (#"{"calls":{"id":"c"}}"#, .wrongType(path: "calls", expected: "array", found: "object")),
        (#"{"calls":[{"id":"c","status":"completed"},{"status":"completed"}]}"#, .missingField(path: "calls[1].id")),
        (#"{"event":"error","call":{"id":"c"},"error":42}"#, .wrongType(path: "error", expected: "object or string", found: "number")),
    ])
    func badEvents(payload: String, expected: NormalizationError) {
        #expect(TestSupport.error(.telnect, payload) == expected)
    }
}
