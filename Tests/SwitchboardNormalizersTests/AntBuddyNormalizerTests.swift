import SwitchboardEvents
import SwitchboardNormalizers
import Testing

@Suite("Normalizers: AntBuddy-style PBX")
struct AntBuddyNormalizerTests {
    @Test("the documented history record: parties, durations, recording, inbound trunk call")
    func documentedHistoryRecord() throws {
        let context = NormalizationContext(receivedAt: TestSupport.receivedAt, defaultDialplan: Dialplan(countryCode: "84"))
        let events = try Normalizers.normalizer(for: .antbuddy).normalize(try TestSupport.fixture(.antbuddy, "doc-history-record.json"), context: context)
        let event = try #require(events.first)
        #expect(event.type == .completed)
        #expect(event.data.state == .ended)
        #expect(event.data.reason == CallReason(code: .hangup, platformReason: "SUCCESS"))
        #expect(event.data.direction == .inbound)
        #expect(event.data.from == Party(number: "01693608879", e164: "+841693608879", kind: "realnumber"))
        #expect(event.data.to == Party(number: "thutranhtkbee", user: "thutran", kind: "user"))
        #expect(event.data.durations == CallDurations(totalSeconds: 50, talkSeconds: 43, billedSeconds: 43))
        #expect(event.data.recording == RecordingFacts(status: "available", reference: "call_recording_dl5m5j5hfh4n8njj1oor.mp3"))
        #expect(event.data.startedAt == Timestamp(unixSeconds: 1_519_639_917))
        #expect(event.data.endedAt == Timestamp(unixSeconds: 1_519_639_967))
        #expect(event.time == event.data.endedAt)
        #expect(event.data.relatedIds["didNumber"] == "02873019555")
        #expect(event.data.callId.hasPrefix("antbuddy-call-"), "the document's record has no id: one is derived")
        #expect(event.partitionKey == event.data.callId)
    }

    @Test("a history page: ids from the record, internal calls, busy and cancelled outcomes")
    func historyPage() throws {
        let events = try Normalizers.normalizer(for: .antbuddy).normalize(try TestSupport.fixture(.antbuddy, "history-page.json"), context: TestSupport.context)
        try #require(events.count == 2)
        #expect(events[0].data.callId == "5a93a1ed2f0c")
        #expect(events[0].data.direction == .outbound)
        #expect(events[0].data.reason?.code == .busy)
        #expect(events[0].data.recording == nil, "an empty recording means none")
        #expect(events[1].data.direction == .internal)
        #expect(events[1].data.reason?.code == .cancelled)
    }

    @Test("websocket signals: flat and enveloped")
    func signals() throws {
        let ringing = try TestSupport.single(.antbuddy, String(decoding: try TestSupport.fixture(.antbuddy, "signal-ringing.json"), as: UTF8.self))
        #expect(ringing.type == .ringing)
        #expect(ringing.data.callId == "F5879958-1A1211E8-A55AA457-72574952@172.16.0.204")
        #expect(ringing.data.direction == .inbound)
        #expect(ringing.time == Timestamp(unixSeconds: 1_519_639_917))

        let hangup = try TestSupport.single(.antbuddy, String(decoding: try TestSupport.fixture(.antbuddy, "signal-envelope-hangup.json"), as: UTF8.self))
        #expect(hangup.type == .ended)
        #expect(hangup.data.reason == CallReason(code: .hangup, platformReason: "NORMAL_CLEARING"))
        #expect(hangup.data.endedAt == Timestamp(rfc3339: "2018-02-26T10:12:47Z"))
        #expect(hangup.data.from?.number == "01693608879")
    }

    @Test("a signal's state may come from its event name; timestamps in milliseconds are understood")
    func stateFromEventName() throws {
        let event = try TestSupport.single(.antbuddy, #"{"event":"call.answered","uuid":"u-1","timestamp":1519639917123}"#)
        #expect(event.type == .answered)
        #expect(event.data.answeredAt == Timestamp(millisecondsSince1970: 1_519_639_917_123))
    }

    @Test("bad records and signals give typed errors naming the member", arguments: [
        (#"{"callee":{"number":"1"},"status_detail":"SUCCESS"}"#, NormalizationError.missingField(path: "caller")),
        (#"{"caller":{"number":"1"},"status_detail":"SUCCESS"}"#, .missingField(path: "callee")),
        (#"{"caller":{"type":"user"},"callee":{"number":"1"},"status_detail":"SUCCESS"}"#, .missingField(path: "caller")),
        (#"{"caller":"1","callee":"2","status_detail":""}"#, .missingField(path: "status_detail")),
        (#"{"caller":"1","callee":"2","status_detail":5}"#, .wrongType(path: "status_detail", expected: "string", found: "number")),
        (#"{"caller":["1"],"callee":"2","status_detail":"BUSY"}"#, .wrongType(path: "caller", expected: "object or string", found: "array")),
        (#"{"caller":"1","callee":"2","status_detail":"BUSY","duration_seconds":{}}"#, .wrongType(path: "duration_seconds", expected: "number", found: "object")),
        (#"{"caller":"1","callee":"2","status_detail":"BUSY","unix_timestamp":true}"#, .wrongType(path: "unix_timestamp", expected: "timestamp or Unix seconds", found: "boolean")),
        (#"{"caller":"1","callee":"2","status_detail":"BUSY","recording":3}"#, .wrongType(path: "recording", expected: "string", found: "number")),
        (#"{"data":[{"caller":"1","callee":"2","status_detail":"BUSY"},{"caller":"1"}]}"#, .missingField(path: "data[1].call_id")),
        (#"{"state":"ringing"}"#, .missingField(path: "call_id")),
        (#"{"call_id":"c"}"#, .missingField(path: "state")),
        (#"{"event":"x","data":{"state":"ringing"}}"#, .missingField(path: "data.call_id")),
        (#"{"call_id":{"a":1},"state":"ringing"}"#, .wrongType(path: "call_id", expected: "string", found: "object")),
        ("[42]", .wrongType(path: "[0]", expected: "object", found: "number")),
        (#"{"caller":"1","callee":"2","status_detail":"BUSY","duration_seconds":999999999999999999,"unix_timestamp":1519639917}"#,
         .invalidValue(path: "duration_seconds", reason: "999999999999999999 seconds is more than the limit of 315576000")),
        (#"{"caller":"1","callee":"2","status_detail":"BUSY","unix_timestamp":999999999999999999}"#,
         .invalidValue(path: "unix_timestamp", reason: "999999999999999999 is after the year 9999")),
    ])
    func badPayloads(payload: String, expected: NormalizationError) {
        #expect(TestSupport.error(.antbuddy, payload) == expected)
    }
}
