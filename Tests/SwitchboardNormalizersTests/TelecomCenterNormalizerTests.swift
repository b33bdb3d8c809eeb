import SwitchboardEvents
import SwitchboardNormalizers
import Testing

@Suite("Normalizers: telecom.center CDRs")
struct TelecomCenterNormalizerTests {
    /// A single termination CDR document.
    /// A single termination CDR document; without `code` an unsuccessful CDR has no disconnect
    /// code or reason at all.
    static func terminationCDR(success: Bool, code: String? = nil) -> String {
        let duration = success ? 184 : 0
        let disconnect = (code ?? (success ? "200" : nil)).map { #""aleg_code":\#($0),"aleg_reason":"Reason","# } ?? ""
        return #"""
            {"data":{"id":"98231","type":"termination_cdrs","attributes":{\#(disconnect)"src_name_in":"Reception","src_number_in":"+37167001234",
             "dst_number_in":"+37129123456","orig_call_id":"call-1@10.0.0.5","duration":\#(duration),
             "time_start":"2024-03-05 09:14:20","time_connect":"2024-03-05 09:14:31","time_end":"2024-03-05 09:17:35"}}}
            """#
    }

    @Test("a successful termination CDR: billing facts, relationships, times, outbound")
    func terminationPage() throws {
        let latvia = NormalizationContext(receivedAt: TestSupport.receivedAt, defaultDialplan: Dialplan(countryCode: "371"))
        let events = try Normalizers.normalizer(for: .telecomcenter).normalize(
            try TestSupport.fixture(.telecomcenter, "termination-cdrs-page.json"), context: latvia)
        try #require(events.count == 2)
        let answered = events[0]
        #expect(answered.id == "telecomcenter-termination_cdrs-98231")
        #expect(answered.type == .completed)
        #expect(answered.data.state == .ended)
        #expect(answered.data.direction == .outbound)
        #expect(answered.data.callId == "7f1c2a9e-3b44-4f1e-9d55-0c2b4a6e8f10@10.0.0.5")
        #expect(answered.partitionKey == answered.data.callId)
        #expect(answered.data.relatedIds == ["cdrId": "98231", "localTag": "as5c1b7e2f", "globalTag": "9a8b7c6d-5e4f"])
        #expect(answered.data.billing == BillingFacts(
            amount: 0.0412, currency: "EUR", disconnectCode: 200, disconnectReason: "Bye",
            relationships: ["customer": "42", "termination_route": "7", "termination_gateway": "3"]))
        #expect(answered.data.durations == CallDurations(talkSeconds: 184))
        #expect(answered.data.startedAt == Timestamp(rfc3339: "2024-03-05T09:14:20Z"))
        #expect(answered.data.answeredAt == Timestamp(rfc3339: "2024-03-05T09:14:31Z"))
        #expect(answered.time == Timestamp(rfc3339: "2024-03-05T09:17:35Z"))
        #expect(answered.data.from == Party(number: "+37167001234", e164: "+37167001234", name: "Reception"))

        let busy = events[1]
        #expect(busy.data.state == .failed)
        #expect(busy.data.reason == CallReason(code: .busy, leg: .callee, platformReason: "Busy Here"))
        #expect(busy.data.to?.e164 == "+37129765432", "the dialplan's international prefix 00 is understood")
        #expect(busy.data.billing?.relationships == ["customer": "42"], "null and link-only relationships are skipped")
    }

    @Test("an incoming-trunk CDR with string-typed attributes, as the document types them")
    func incomingTrunk() throws {
        let events = try Normalizers.normalizer(for: .telecomcenter).normalize(
            try TestSupport.fixture(.telecomcenter, "incoming-trunk-cdr-single.json"), context: TestSupport.context)
        let event = try #require(events.first)
        #expect(event.id == "telecomcenter-incoming_trunk_cdrs-5521")
        #expect(event.data.direction == .inbound)
        #expect(event.data.state == .ended)
        #expect(event.data.durations?.talkSeconds == 63)
        #expect(event.data.billing?.disconnectCode == 200)
        #expect(event.data.relatedIds["didNumber"] == "37167009999")
        #expect(event.data.billing?.relationships["incoming_trunk"] == "11")
    }

    @Test("the document's placeholder values normalize; `Component cdrs` is classified by its attributes")
    func documentPlaceholders() throws {
        let events = try Normalizers.normalizer(for: .telecomcenter).normalize(
            try TestSupport.fixture(.telecomcenter, "doc-incoming-trunk-cdrs.json"), context: TestSupport.context)
        let event = try #require(events.first)
        #expect(event.data.direction == .inbound)
        #expect(event.data.durations == nil, "\"string\" is no duration")
        #expect(event.data.state == .failed)
    }

    @Test("a bare resource object and an empty page")
    func bareResourceAndEmptyPage() throws {
        let bare = try TestSupport.single(.telecomcenter, #"{"id":"1","type":"termination_cdrs","attributes":{"duration":5}}"#)
        #expect(bare.data.callId == "termination_cdrs/1", "without a SIP call id the CDR id identifies the call")
        #expect(try TestSupport.normalize(.telecomcenter, #"{"data":[]}"#).isEmpty)
    }

    @Test("bad CDRs give typed errors naming the member", arguments: [
        (#"{"meta":{}}"#, NormalizationError.missingField(path: "data")),
        (#"{"errors":[{"status":"401"}]}"#, .invalidValue(path: "errors", reason: "the document is a JSON:API error document")),
        (#"{"data":"x"}"#, .wrongType(path: "data", expected: "object or array", found: "string")),
        (#"{"data":[{"type":"termination_cdrs","attributes":{}}]}"#, .missingField(path: "data[0].id")),
        (#"{"data":{"id":"1","attributes":{}}}"#, .missingField(path: "data.type")),
        (#"{"data":{"id":"1","type":"termination_cdrs"}}"#, .missingField(path: "data.attributes")),
        (#"{"data":{"id":"1","type":"customers","attributes":{"name":"x"}}}"#, .unsupportedType(path: "data.type", value: "customers")),
        (#"{"data":{"id":"1","type":"termination_cdrs","attributes":{"duration":[1]}}}"#, .wrongType(path: "data.attributes.duration", expected: "number", found: "array")),
        (#"{"data":{"id":"1","type":"termination_cdrs","attributes":{"duration":-5}}}"#, .invalidValue(path: "data.attributes.duration", reason: "must not be negative, found -5")),
        (#"{"data":{"id":"1","type":"termination_cdrs","attributes":{"time_start":"soon"}}}"#, .invalidValue(path: "data.attributes.time_start", reason: #"expected an RFC 3339 timestamp, found "soon""#)),
        (#"{"data":{"id":"1","type":"termination_cdrs","attributes":{"src_number_in":5}}}"#, .wrongType(path: "data.attributes.src_number_in", expected: "string", found: "number")),
        (#"{"data":{"id":"1","type":"termination_cdrs","attributes":{},"relationships":{"customer":{"data":{"id":true}}}}}"#, .wrongType(path: "data.relationships.customer.data.id", expected: "string", found: "boolean")),
    ])
    func badCDRs(payload: String, expected: NormalizationError) {
        #expect(TestSupport.error(.telecomcenter, payload) == expected)
    }
}
