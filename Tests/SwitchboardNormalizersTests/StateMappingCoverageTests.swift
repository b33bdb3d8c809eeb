import SwitchboardEvents
import SwitchboardNormalizers
import Testing

/// For every row of `StateMapping`, a payload carrying that platform value produces exactly the
/// row's type, state, reason and leg: the table is what the normalizers do, not a comment.
@Suite("Normalizers: every StateMapping row")
struct StateMappingCoverageTests {
    /// A minimal payload of `platform` carrying the row's value.
    static func payload(for row: StateMappingRow) -> String? {
        let value = TestSupport.quoted(row.platformValue)
        switch row.platform {
        case .thello:
            let name = row.platformValue.hasPrefix("(") ? "\"SOME_OTHER_BLOC_EVENT\"" : value
            return #"{"type":1,"target":"BlocEvent","arguments":["bloc-1",\#(name),"sip-1","","+33612345678","100","","ctx-1"]}"#
        case .telnect:
            return #"{"id":"call-1","status":\#(value)}"#
        case .clicktodial:
            return ClickToDialNormalizerTests.event(state: row.platformValue)
        case .antbuddy:
            if row.field.contains("history") {
                return #"{"caller":{"number":"0901","type":"realnumber"},"callee":{"number":"101","type":"user"},"status_detail":\#(value),"unix_timestamp":1519639917}"#
            }
            return #"{"call_id":"call-1","state":\#(value),"timestamp":1519639917}"#
        case .telecomcenter:
            switch row.platformValue {
            case "cdrs (success)": return TelecomCenterNormalizerTests.terminationCDR(success: true)
            case "cdrs (not success)": return TelecomCenterNormalizerTests.terminationCDR(success: false)
            default: return nil
            }
        }
    }

    @Test("each state row maps as the table says", arguments: StateMapping.states)
    func stateRow(row: StateMappingRow) throws {
        let payload = try #require(Self.payload(for: row), "no test payload for \(row.platform.rawValue) \(row.platformValue): add one here")
        let event = try TestSupport.single(row.platform, payload)
        #expect(event.type == row.type)
        #expect(event.data.state == row.state)
        #expect(event.data.reason?.code == row.reason)
        #expect(event.data.leg == row.leg)
        if !row.platformValue.hasPrefix("(") && row.platform != .telecomcenter {
            #expect(event.data.platformState == row.platformValue)
        }
    }

    @Test("each reason row maps as the table says", arguments: StateMapping.reasons)
    func reasonRow(row: ReasonMappingRow) throws {
        let payload: String
        switch row.platform {
        case .clicktodial: payload = ClickToDialNormalizerTests.event(state: "disconnected", reason: row.platformValue)
        case .telecomcenter: payload = TelecomCenterNormalizerTests.terminationCDR(success: false, code: row.platformValue)
        default:
            Issue.record("no test payload for reasons of \(row.platform.rawValue): add one here")
            return
        }
        let event = try TestSupport.single(row.platform, payload)
        #expect(event.data.reason?.code == row.reason)
        #expect(event.data.reason?.leg == row.leg)
    }

    @Test("values are matched case-insensitively, and unknown values are kept, not refused")
    func caseAndUnknownValues() throws {
        let upper = try TestSupport.single(.telnect, #"{"id":"call-1","status":"RINGING"}"#)
        #expect(upper.type == .ringing)
        #expect(upper.data.platformState == "RINGING")

        let unknown = try TestSupport.single(.telnect, #"{"id":"call-1","status":"parked"}"#)
        #expect(unknown.type == .updated)
        #expect(unknown.data.state == .unknown)
        #expect(unknown.data.platformState == "parked")

        let unknownHistory = try TestSupport.single(.antbuddy, #"{"caller":"0901","callee":"0902","status_detail":"VOICEMAIL"}"#)
        #expect(unknownHistory.type == .completed)
        #expect(unknownHistory.data.state == .unknown)
    }
}

extension StateMappingRow: CustomTestStringConvertible {
    public var testDescription: String { "\(platform.rawValue) \(platformValue)" }
}

extension ReasonMappingRow: CustomTestStringConvertible {
    public var testDescription: String { "\(platform.rawValue) \(platformValue)" }
}
