@testable import SwitchboardConnectors
import SwitchboardEvents
import Testing

/// The rules that decide which streamed and history events of a Telnect account are new.
@Suite("Telnect de-duplication")
struct TelnectDeduplicationTests {
    static func event(_ callId: String, _ state: CallState, _ platformState: String, id: String? = nil) -> CallEvent {
        CallEvent(id: id ?? "\(callId)-\(platformState)", source: "switchboard://telnect/main", type: .updated, platform: .telnect, partitionKey: callId,
                  data: CallEventData(callId: callId, state: state, platformState: platformState, original: .null))
    }

    @Test("a repeated stream frame (same event id) is dropped")
    func repeatedFrame() {
        var deduplicator = TelnectEventDeduplicator(capacity: 100)
        let admitted1 = deduplicator.admitStreamed(Self.event("c", .ringing, "ringing", id: "evt-1"))
        #expect(admitted1)
        let admitted2 = deduplicator.admitStreamed(Self.event("c", .ringing, "ringing", id: "evt-1"))
        #expect(!admitted2)
        let admitted3 = deduplicator.admitStreamed(Self.event("c", .progress, "early", id: "evt-2"))
        #expect(admitted3, "the stream may go back a stage: it is the platform's order")
    }

    @Test("history is new only for a stage the call has not reached: no duplicate, never an older state")
    func historyByStage() {
        var deduplicator = TelnectEventDeduplicator(capacity: 100)
        let admitted4 = deduplicator.admitStreamed(Self.event("c", .answered, "answered", id: "evt-1"))
        #expect(admitted4)
        let admitted5 = deduplicator.admitFilled(Self.event("c", .ringing, "ringing"))
        #expect(!admitted5, "history lagging behind the stream")
        let admitted6 = deduplicator.admitFilled(Self.event("c", .answered, "answered"))
        #expect(!admitted6, "the same stage again")
        let admitted7 = deduplicator.admitFilled(Self.event("c", .ended, "completed"))
        #expect(admitted7)
        let admitted8 = deduplicator.admitStreamed(Self.event("c", .ended, "hangup", id: "evt-9"))
        #expect(!admitted8, "the call already ended through history")
        let admitted9 = deduplicator.admitFilled(Self.event("other", .queued, "queued"))
        #expect(admitted9)
        let admitted10 = deduplicator.admitFilled(Self.event("other", .queued, "queued"))
        #expect(!admitted10)
    }

    @Test("memory is bounded: the oldest calls are forgotten")
    func bounded() {
        var deduplicator = TelnectEventDeduplicator(capacity: 4)
        for index in 0..<10 { _ = deduplicator.admitStreamed(Self.event("c\(index)", .initiated, "created", id: "e\(index)")) }
        let admitted11 = deduplicator.admitStreamed(Self.event("c0", .initiated, "created", id: "e0"))
        #expect(admitted11, "forgotten beyond the capacity")
        let admitted12 = deduplicator.admitStreamed(Self.event("c9", .initiated, "created", id: "e9"))
        #expect(!admitted12)
    }
}
