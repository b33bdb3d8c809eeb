import Foundation
import SwitchboardEvents
import SwitchboardLiveTestSupport
@testable import SwitchboardRuntime
import Testing

/// The status page's data (`/status.json`) and markup (`/`) from a running serve, and the
/// recorder's bounds. What a browser shows is in `StatusPageBrowserTests`.
@Suite("status page: /status.json and /", .serialized, .timeLimit(.minutes(3)))
struct StatusPageTests {
    static let hostileId = #"<script>alert("x")</script>&"#

    /// A Thello caller entering the support queue: the steering rule's `thello.setVariable` has no
    /// connector here, so it is an action failure the page must list.
    static func queueEnter(call: String) -> String {
        #"{"type":1,"target":"BlocEvent","arguments":["support-queue","QUEUE_ENTER","\#(call)","Alice","+33612345678","3900","","ctx-\#(call)"]}"#
    }

    /// Sends two CAMARA events (one with a hostile id) and a Thello queue entry; returns when all are accepted.
    static func sendSample(_ serve: RunningServe) async throws {
        for (id, call) in [("status-event-1", "status-call-1"), (hostileId, "status-call-2")] {
            let response = try await ServeHarness.request("POST", serve.baseURL + "/webhooks/clicktodial", body: ServeHarness.camaraEvent(id: id, callId: call), contentType: "application/cloudevents+json")
            #expect(response.status == 204, "\(String(decoding: response.body, as: UTF8.self))")
        }
        let thello = try await ServeHarness.request("POST", serve.baseURL + "/webhooks/thello", body: queueEnter(call: "sip-status-1"))
        #expect(thello.status == 200, "\(String(decoding: thello.body, as: UTF8.self))")
    }

    /// `/status.json` once the sample's action failure is listed: it is reported from the
    /// action queue, after the webhook answered.
    static func statusAfterSample(_ serve: RunningServe) async throws -> JSONValue {
        var document: JSONValue = nil
        #expect(try await ServeHarness.eventually {
            document = try JSONValue.parse(try await ServeHarness.request("GET", serve.baseURL + "/status.json").body)
            return document["recentFailures"]?.arrayValue?.isEmpty == false
        }, "no action failure listed: \(document)")
        return document
    }

    @Test("status.json lists sources, Kafka, the rule set, rates, the events just sent and the action failure")
    func statusJSON() async throws {
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await ServeHarness.run(ServeHarness.configuration(work: work)) { serve in
            try await Self.sendSample(serve)
            let document = try await Self.statusAfterSample(serve)
            let sources = document["sources"]?.arrayValue ?? []
            let clicktodial = try #require(sources.first { $0["name"] == "webhook:clicktodial" })
            #expect(clicktodial["state"] == "connected")
            #expect(clicktodial["eventsReceived"] == 2)
            #expect(clicktodial["lastEventAt"]?.stringValue != nil)
            #expect(document.value(atPath: "rules.generation") == 1)
            #expect(document.value(atPath: "rules.rules")?.integerValue ?? 0 >= 4)
            #expect(document.value(atPath: "rules.lastError") == .null)
            #expect(document.value(atPath: "kafka.embedded") == true)
            let events = document["recentEvents"]?.arrayValue ?? []
            #expect(events.count == 3)
            #expect(events.first?["type"] == "switchboard.queue.entered", "newest first")
            #expect(events.contains { $0["id"] == .string(Self.hostileId) && $0["callId"] == "status-call-2" })
            let failure = try #require(document["recentFailures"]?.arrayValue?.first)
            #expect(failure["rule"] == "thello-vip-queue-steering")
            #expect(failure["action"] == "thello.setVariable")
            #expect(failure["error"]?.stringValue?.contains("no connector") == true)
            #expect(document.value(atPath: "rates.eventsTotal") == 3)
            #expect((document.value(atPath: "rates.eventsPerSecond")?.doubleValue ?? 0) > 0)
        }
    }

    @Test("the page is self-contained and escapes event fields")
    func pageEscapes() async throws {
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await ServeHarness.run(ServeHarness.configuration(work: work)) { serve in
            try await Self.sendSample(serve)
            let page = String(decoding: try await ServeHarness.request("GET", serve.baseURL + "/").body, as: UTF8.self)
            #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"))
            #expect(!page.contains(Self.hostileId))
            #expect(!page.contains("src=\"http"), "no external assets")
            #expect(page.contains("fetch('/status.json'"))
        }
    }

    @Test("the recorder keeps the newest entries within its bounds, and rates over its window")
    func recorderBounds() {
        let recorder = StatusRecorder(configuration: .init(recentEvents: 3, recentFailures: 2, rateWindowSeconds: 10))
        let start = Date(timeIntervalSince1970: 1_000_000)
        for index in 0..<10 {
            recorder.record(ActionOutcome(rule: "r", action: "a", eventId: "e\(index)", error: index.isMultiple(of: 2) ? "boom \(index)" : nil), at: start)
        }
        let snapshot = recorder.snapshot(at: start)
        #expect(snapshot.failures.map(\.eventId) == ["e8", "e6"])
        #expect(snapshot.actionsTotal == 10 && snapshot.actionFailuresTotal == 5)
        #expect(recorder.snapshot(at: start.addingTimeInterval(30)).actionsPerSecond == 0, "outside the window")
        recorder.record(ActionOutcome(rule: "r", action: "a", eventId: "long", error: String(repeating: "x", count: 10_000)), at: start)
        #expect(recorder.snapshot(at: start).failures.first?.error.count == StatusRecorder.maximumFieldLength + 1, "long sender text is clipped")
        #expect(HTMLEscaping.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }
}
