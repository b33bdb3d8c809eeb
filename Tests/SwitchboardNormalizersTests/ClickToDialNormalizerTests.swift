import SwitchboardEvents
@testable import SwitchboardNormalizers
import Testing

@Suite("Normalizers: CAMARA Click-to-Dial")
struct ClickToDialNormalizerTests {
    /// A status-changed CloudEvent with the current `status{state,reason}` shape.
    static func event(state: String, reason: String? = nil, extraData: String = "") -> String {
        let reasonMember = reason.map { #","reason":\#(TestSupport.quoted($0))"# } ?? ""
        return #"""
            {"id":"evt-1","source":"https://api.example.com/click-to-dial","specversion":"1.0","datacontenttype":"application/json",
             "type":"org.camaraproject.click-to-dial.v0.status-changed","time":"2025-12-11T12:00:05Z",
             "data":{"callId":"call-1","caller":"+447700900000","callee":"+447700900123","status":{"state":\#(TestSupport.quoted(state))\#(reasonMember)},"timestamp":"2025-12-11T12:00:04Z"\#(extraData)}}
            """#
    }

    @Test("the OpenAPI example: id and source kept, duration, recording, reason")
    func openAPIExample() throws {
        let events = try Normalizers.normalizer(for: .clicktodial).normalize(
            try TestSupport.fixture(.clicktodial, "openapi-call-status-changed.json"), context: TestSupport.context)
        let event = try #require(events.first)
        #expect(event.id == "83a0d986-0866-4f38-b8c0-fc65bfcda452")
        #expect(event.source == "https://api.example.com/click-to-dial")
        #expect(event.type == .ended)
        #expect(event.time == Timestamp(rfc3339: "2021-12-12T00:00:00Z"))
        #expect(event.partitionKey == "123e4567-e89b-12d3-a456-426614174000")
        #expect(event.data.reason == CallReason(code: .hangup, platformReason: "hangUp"))
        #expect(event.data.durations?.totalSeconds == 1600)
        #expect(event.data.recording?.status == "success")
        #expect(event.data.endedAt == Timestamp(rfc3339: "2017-12-04T18:07:57Z"))
        #expect(event.data.from?.e164 == "+447700900000")
        #expect(event.data.to?.e164 == "+447700900123")
        #expect(event.data.direction == .outbound)
    }

    @Test("the older flat status shape, with its reason beside it")
    func flatStatus() throws {
        let text = Self.event(state: "x").replacingOccurrences(of: #""status":{"state":"x"}"#, with: #""status":"disconnected","reason":"calleeNoAnswer""#)
        let event = try TestSupport.single(.clicktodial, text)
        #expect(event.type == .ended)
        #expect(event.data.reason == CallReason(code: .noAnswer, leg: .callee, platformReason: "calleeNoAnswer"))
    }

    @Test("an unknown reason is kept as `other`; tracing extensions are carried over")
    func unknownReasonAndTracing() throws {
        let text = Self.event(state: "failed", reason: "networkCongestion")
            .replacingOccurrences(of: #""specversion":"1.0""#, with: #""specversion":"1.0","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01""#)
        let event = try TestSupport.single(.clicktodial, text)
        #expect(event.data.reason == CallReason(code: .other, platformReason: "networkCongestion"))
        #expect(event.extensions["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    }

    @Test("caller/callee given as {number} objects are read too")
    func partyObjects() throws {
        let text = Self.event(state: "connected").replacingOccurrences(of: #""caller":"+447700900000""#, with: #""caller":{"number":"+447700900000"}"#)
        let event = try TestSupport.single(.clicktodial, text)
        #expect(event.data.from?.number == "+447700900000")
    }

    @Test("invalid CloudEvents and payloads give typed errors naming the member", arguments: [
        (#"{"id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{}}"#, NormalizationError.missingField(path: "specversion")),
        (#"{"specversion":"0.3","id":"e","source":"s","type":"t","data":{}}"#, .invalidValue(path: "specversion", reason: #"unsupported CloudEvents version "0.3", expected "1.0""#)),
        (#"{"specversion":"1.0","source":"s","type":"t","data":{}}"#, .missingField(path: "id")),
        (#"{"specversion":"1.0","id":"e","type":"t","data":{}}"#, .missingField(path: "source")),
        (#"{"specversion":"1.0","id":"e","source":"s","data":{}}"#, .missingField(path: "type")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"com.example.other"}"#, .unsupportedType(path: "type", value: "com.example.other")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed"}"#, .missingField(path: "data")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"status":{"state":"connected"}}}"#, .missingField(path: "data.callId")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":"c"}}"#, .missingField(path: "data.status")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":"c","status":{}}}"#, .missingField(path: "data.status.state")),
        (#"{"specversion":"1.0","id":7,"source":"s","type":"t","data":{}}"#, .wrongType(path: "id", expected: "string", found: "number")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":"x"}"#, .wrongType(path: "data", expected: "object", found: "string")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":"c","status":5}}"#, .wrongType(path: "data.status", expected: "object or string", found: "number")),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":"c","status":"connected","callDuration":"1m"}}"#, .wrongType(path: "data.callDuration", expected: "a number of seconds", found: #"string "1m""#)),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","datacontenttype":"text/xml","data":{}}"#, .invalidValue(path: "datacontenttype", reason: #"expected application/json, found "text/xml""#)),
        (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","time":"yesterday","data":{}}"#, .invalidValue(path: "time", reason: #"expected an RFC 3339 timestamp, found "yesterday""#)),
        (#"[{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":"c","status":"connected"}},{"specversion":"1.0"}]"#, .missingField(path: "[1].id")),
    ])
    func badEvents(payload: String, expected: NormalizationError) {
        #expect(TestSupport.error(.clicktodial, payload) == expected)
    }

    @Test("datacontenttype: a JSON media type in any case, with parameters and spaces; nothing else", arguments: [
        ("application/json", true), ("Application/JSON; charset=utf-8", true), (" application/cloudevents+json\t", true),
        ("application/vnd.example+JSON;v=2", true), ("application/json ; q=1", true),
        ("text/xml", false), ("application/jsonx", false), ("+json", false), ("application/json-seq", false), (";application/json", false),
        ("applicatión/json", false),
    ])
    func jsonMediaTypes(contentType: String, isJSON: Bool) {
        #expect(CloudEventAttributes.isJSONMediaType(contentType) == isJSON)
    }
}
