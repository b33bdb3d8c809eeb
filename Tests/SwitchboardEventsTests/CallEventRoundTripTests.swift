import Foundation
import SwitchboardEvents
import Testing

@Suite("CallEvent JSON form")
struct CallEventRoundTripTests {
    static func sample() -> CallEvent {
        CallEvent(
            id: "thello-1",
            source: "switchboard://thello/tenant-a",
            type: .queueEntered,
            subject: "sip-call-1",
            time: Timestamp(millisecondsSince1970: 1_700_000_000_123),
            platform: .thello,
            partitionKey: "ctx-1",
            extensions: ["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
            data: CallEventData(
                callId: "sip-call-1",
                relatedIds: ["sipCallId": "sip-call-1"],
                state: .queued,
                platformState: "QUEUE_ENTER",
                reason: CallReason(code: .busy, leg: .callee, platformReason: "calleeBusy"),
                direction: .inbound,
                from: Party(number: "+33612345678", e164: "+33612345678", name: "Alice"),
                to: Party(number: "100"),
                queue: QueueFacts(blocId: "bloc-1", eventName: "QUEUE_ENTER", blocData: "{}"),
                callContextId: "ctx-1",
                durations: CallDurations(totalSeconds: 50, talkSeconds: 43),
                recording: RecordingFacts(status: "success", reference: "rec.mp3"),
                billing: BillingFacts(amount: 0.25, currency: "EUR", disconnectCode: 16, relationships: ["gateway": "7"]),
                startedAt: Timestamp(millisecondsSince1970: 1_700_000_000_000),
                variables: ["CUSTOMER_TIER": "gold", "ATTEMPTS": 2],
                original: ["type": 1, "target": "BlocEvent", "nested": ["a": [1, 2.5, nil, true]]]
            )
        )
    }

    @Test("encodes as a CloudEvents JSON event and decodes back to the same value")
    func roundTrip() throws {
        let event = Self.sample()
        let bytes = event.encoded()
        let decoded = try CallEvent.decode(bytes)
        #expect(decoded == event)
        // The second encoding is byte-identical: sorted keys, no lost precision.
        #expect(decoded.encoded() == bytes)
    }

    @Test("context attributes and extensions sit at the top level")
    func topLevelAttributes() throws {
        let json = Self.sample().jsonValue()
        #expect(json["specversion"] == "1.0")
        #expect(json["type"] == "switchboard.queue.entered")
        #expect(json["platform"] == "thello")
        #expect(json["partitionkey"] == "ctx-1")
        #expect(json["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        #expect(json["dataschema"] == .string(CallEvent.dataSchema))
        #expect(json["time"] == "2023-11-14T22:13:20.123Z")
        #expect(json.value(atPath: "data.queue.blocId") == "bloc-1")
    }

    @Test("Codable goes through the same mapping")
    func codable() throws {
        let event = Self.sample()
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(CallEvent.self, from: data) == event)
    }

    @Test("decoding names the offending path")
    func decodingErrors() throws {
        var json = Self.sample().jsonValue().objectValue!
        json["specversion"] = "0.3"
        #expect(throws: EventDecodingError.self) { try CallEvent(json: .object(json)) }

        json["specversion"] = "1.0"
        var data = json["data"]!.objectValue!
        data["state"] = "sleeping"
        json["data"] = .object(data)
        do {
            _ = try CallEvent(json: .object(json))
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "data.state")
        }
    }
}
