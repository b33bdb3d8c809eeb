import SwitchboardEvents
import SwitchboardNormalizers
import Testing

@Suite("Normalizers: Thello BlocEvent")
struct ThelloNormalizerTests {
    static func record(_ eventName: String = "QUEUE_ENTER", callContextId: String = #""ctx-1""#, data: String = #""""#) -> String {
        #"{"type":1,"target":"BlocEvent","arguments":["bloc-1","\#(eventName)","sip-1","Alice","0612345678","3001",\#(data),\#(callContextId)]}"#
    }

    @Test("QUEUE_ENTER: every argument lands in its place")
    func queueEnter() throws {
        let context = NormalizationContext(source: "switchboard://thello/tenant-a", receivedAt: TestSupport.receivedAt, defaultDialplan: Dialplan(countryCode: "33"))
        let event = try TestSupport.single(.thello, Self.record(), context: context)
        #expect(event.type == .queueEntered)
        #expect(event.source == "switchboard://thello/tenant-a")
        #expect(event.subject == "sip-1")
        #expect(event.partitionKey == "ctx-1")
        #expect(event.time == TestSupport.receivedAt, "Thello gives no time: the receive time is used")
        #expect(event.data.callContextId == "ctx-1")
        #expect(event.data.queue == QueueFacts(blocId: "bloc-1", eventName: "QUEUE_ENTER"))
        #expect(event.data.from == Party(number: "0612345678", e164: "+33612345678", name: "Alice"))
        #expect(event.data.to == Party(number: "3001"), "an extension has no E.164 form")
        #expect(event.data.direction == .inbound)
        #expect(event.data.relatedIds == ["sipCallId": "sip-1"])
    }

    @Test("the id is a digest of bloc, event, call, context and data: stable, and distinct per event")
    func contentDerivedId() throws {
        let first = try TestSupport.single(.thello, Self.record())
        let again = try TestSupport.single(.thello, Self.record(), context: NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: 1)))
        let next = try TestSupport.single(.thello, Self.record("QUEUE_FIRST"))
        #expect(first.id == again.id)
        #expect(first.id != next.id)
        #expect(first.id.hasPrefix("thello-") && first.id.count == "thello-".count + 32)
    }

    @Test("without a callContextId the call id is the partition key")
    func partitionKeyFallback() throws {
        let event = try TestSupport.single(.thello, Self.record(callContextId: "null"))
        #expect(event.partitionKey == "sip-1")
        #expect(event.data.callContextId == nil)
    }

    @Test("the 0x1E record separator, several records per frame, and a lower-case target")
    func framing() throws {
        let one = Array(Self.record().utf8) + [0x1E]
        #expect(try Normalizers.normalizer(for: .thello).normalize(one, context: TestSupport.context).count == 1)
        let two = one + Array(Self.record("QUEUE_HANGUP").utf8) + [0x1E, 0x0A]
        let events = try Normalizers.normalizer(for: .thello).normalize(two, context: TestSupport.context)
        #expect(events.map(\.type) == [.queueEntered, .queueHangup])
        let lower = Self.record().replacingOccurrences(of: "BlocEvent", with: "blocevent")
        #expect(try TestSupport.single(.thello, lower).type == .queueEntered)
        #expect(TestSupport.error(.thello, [0x1E, 0x1E]) == .invalidJSON(JSONParseError(.empty, "the frame holds no record")))
    }

    @Test("unknown event names become bloc events with the name kept; object data is kept as JSON text")
    func unknownEvent() throws {
        let event = try TestSupport.single(.thello, Self.record("IVR_CHOICE", data: #"{"digit":"2"}"#))
        #expect(event.type == .blocEvent)
        #expect(event.data.state == .unknown)
        #expect(event.data.platformState == "IVR_CHOICE")
        #expect(event.data.queue?.eventName == "IVR_CHOICE")
        #expect(event.data.queue?.blocData == #"{"digit":"2"}"#)
        #expect(event.data.direction == .unknown)
    }

    @Test("bad records give typed errors naming the argument", arguments: [
        (#"{"target":"BlocEvent","arguments":[]}"#, NormalizationError.missingField(path: "type")),
        (#"{"type":"1","target":"BlocEvent","arguments":[]}"#, .wrongType(path: "type", expected: "integer", found: "string")),
        (#"{"type":6}"#, .unsupportedType(path: "type", value: "6 (ping)")),
        (#"{"type":1,"arguments":[]}"#, .missingField(path: "target")),
        (#"{"type":1,"target":"ReceiveMessage","arguments":[]}"#, .unsupportedTarget("ReceiveMessage")),
        (#"{"type":1,"target":"BlocEvent"}"#, .missingField(path: "arguments")),
        (#"{"type":1,"target":"BlocEvent","arguments":{"blocId":"b"}}"#, .wrongType(path: "arguments", expected: "array", found: "object")),
        (#"{"type":1,"target":"BlocEvent","arguments":[]}"#, .missingField(path: "arguments[0]")),
        (#"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER"]}"#, .missingField(path: "arguments[2]")),
        (#"{"type":1,"target":"BlocEvent","arguments":["b","","c"]}"#, .missingField(path: "arguments[1]")),
        (#"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER",42]}"#, .wrongType(path: "arguments[2]", expected: "string", found: "number")),
        (#"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER","c","n",612345678]}"#, .wrongType(path: "arguments[4]", expected: "string", found: "number")),
        (#"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER","c",null,null,null,null,{"id":1}]}"#, .wrongType(path: "arguments[7]", expected: "string", found: "object")),
        ("[1,2]", .wrongType(path: "$", expected: "object", found: "array")),
    ])
    func badRecords(payload: String, expected: NormalizationError) {
        #expect(TestSupport.error(.thello, payload) == expected)
    }
}
