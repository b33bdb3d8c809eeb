import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("telecom.center CDR pollers", .timeLimit(.minutes(5)))
struct TelecomCenterPollerTests {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("both collections: every CDR once across pages with shared timestamps, late CDRs at the mark and CDRs added while polling")
    func deliversEveryCDROnce() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(45, base: Self.base, prefix: "t"), to: "termination_cdrs")
            server.add(TelecomCenterFixture.generated(30, base: Self.base, prefix: "i", incoming: true), to: "incoming_trunk_cdrs")
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: directory))
            let pollers = TelecomCenterCDRPoller.pollers(client: client)
            #expect(pollers.map(\.componentName) == ["telecomcenter:test/termination", "telecomcenter:test/incomingTrunk"])
            let recorder = RecordingSourceOutput()
            let tasks = pollers.map { poller in Task { _ = try? await poller.run(output: recorder.output) } }
            defer { tasks.forEach { $0.cancel() } }
            let expected = { server.ids("termination_cdrs").union(server.ids("incoming_trunk_cdrs")) }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == expected() })

            // Late arrivals at the mark (ids sorting before the ones already served) and newer CDRs.
            // The checkpoint is saved right after the delivery returns: wait for it, not just the events.
            let mark = TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(660))
            #expect(await TelecomCenterFixture.eventually { (try? pollers[0].checkpoint()?.mark) == mark })
            server.add([TelecomCenterFixture.termination("t-0000a", mark), TelecomCenterFixture.termination("t-late", mark)]
                       + TelecomCenterFixture.generated(9, base: Self.base.addingTimeInterval(3600), prefix: "t-new"), to: "termination_cdrs")
            server.add(TelecomCenterFixture.generated(5, base: Self.base.addingTimeInterval(3600), prefix: "i-new", incoming: true), to: "incoming_trunk_cdrs")
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == expected() })
            // A few more polls find nothing new.
            #expect(await server.answersMore(6))
            #expect(recorder.deliveredIds.count == expected().count)

            let events = recorder.state.withLock { $0.delivered }
            let first = try #require(events.first { $0.data.relatedIds["cdrId"] == "t-late" })
            #expect(first.type == .completed)
            #expect(first.source == "switchboard://telecomcenter/test")
            #expect(first.data.billing?.relationships == ["customer": "123", "termination_route": "r-9", "termination_gateway": "g-4"])
            #expect(first.data.billing?.disconnectCode == 200)
            #expect(first.data.durations?.talkSeconds == 42)

            let checkpoint = try #require(try pollers[0].checkpoint())
            let newest = TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(3600 + 120))
            #expect(checkpoint.mark == newest)
            #expect(checkpoint.idsAtMark == ["t-new-3352"])
        }
    }

    @Test("stopped mid-stream and restarted from the checkpoint at many cut points: no duplicate, no gap", arguments: [1, 6, 7, 8, 14, 23, 39])
    func restartFromCheckpoint(cut: Int) async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(40, base: Self.base, prefix: "t", perMinute: 5), to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination])
            let first = RecordingSourceOutput()
            first.state.withLock { $0.cancelAfter = cut }
            await first.start(TelecomCenterCDRPoller(client: try TelecomCenterClient(configuration: configuration), collection: .termination)).value
            let before = first.deliveredIds
            #expect(before.count >= cut)

            // While stopped: a CDR late at the mark, and newer ones.
            let poller = TelecomCenterCDRPoller(client: try TelecomCenterClient(configuration: configuration), collection: .termination)
            if let mark = try poller.checkpoint()?.mark {
                server.add([TelecomCenterFixture.termination("t-0000-late-\(cut)", mark)], to: "termination_cdrs")
            }
            server.add(TelecomCenterFixture.generated(6, base: Self.base.addingTimeInterval(7200), prefix: "t-after"), to: "termination_cdrs")

            let second = RecordingSourceOutput()
            let task = second.start(poller)
            defer { task.cancel() }
            let all = server.ids("termination_cdrs")
            #expect(await TelecomCenterFixture.eventually { Set(before + second.deliveredIds) == all })
            let delivered = before + second.deliveredIds
            #expect(delivered.count == all.count, "duplicates: \(Dictionary(grouping: delivered, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        }
    }

    @Test("CDRs inserted between two pages of one poll (at the mark, shifting the pages, and newer) are each delivered once")
    func insertedDuringAPoll() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(30, base: Self.base, prefix: "t"), to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination])
            let poller = TelecomCenterCDRPoller(client: try TelecomCenterClient(configuration: configuration), collection: .termination)
            let recorder = RecordingSourceOutput()
            recorder.state.withLock {
                $0.afterFirstDelivery = { page in
                    // At the time of the page's last CDR with an id sorting first: it lands on the
                    // page already read and pushes that page's last CDR onto the next one.
                    let mark = page.last?.data.original["attributes"]?["time_start"]?.stringValue ?? ""
                    server.add([TelecomCenterFixture.termination("t-0000-inserted", mark)]
                               + TelecomCenterFixture.generated(3, base: Self.base.addingTimeInterval(480), prefix: "t-newer"), to: "termination_cdrs")
                }
            }
            let task = recorder.start(poller)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("termination_cdrs") })
            #expect(await server.answersMore(4))
            #expect(recorder.deliveredIds.count == 34)
        }
    }

    @Test("a CDR written late with a time inside lateArrivalWindowSeconds is delivered once; one older than the window is not fetched")
    func lateArrivalWindow() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(40, base: Self.base, prefix: "t"), to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination])
            let (poller, recorder, task) = try TelecomCenterFixture.start(configuration, .termination)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { recorder.deliveredIds.count == 40 })
            // The mark is minute 9; the window is 600 s.
            let mark = TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(540))
            #expect(await TelecomCenterFixture.eventually { (try? poller.checkpoint()?.mark) == mark })
            server.add([
                TelecomCenterFixture.termination("t-long-call", TelecomCenterFixture.minuteText(Self.base)),
                TelecomCenterFixture.termination("t-too-late", TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(-120))),
            ], to: "termination_cdrs")
            #expect(await TelecomCenterFixture.eventually { recorder.deliveredIds.contains("t-long-call") })
            #expect(await server.answersMore(4))
            #expect(recorder.deliveredIds.count == 41)
            #expect(!recorder.deliveredIds.contains("t-too-late"))
            #expect(server.requests.last?.query["filter[time_start_gteq]"] == TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(-60)))
        }
    }

    @Test("a delivery the router refuses leaves the checkpoint where it was; the CDRs come again")
    func refusedDeliveryIsRetried() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(20, base: Self.base, prefix: "t"), to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination])
            let poller = TelecomCenterCDRPoller(client: try TelecomCenterClient(configuration: configuration), collection: .termination)
            let recorder = RecordingSourceOutput()
            recorder.state.withLock { $0.refuseNext = 2 }
            let task = recorder.start(poller)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("termination_cdrs") })
            #expect(recorder.deliveredIds.count == 20)
            #expect(recorder.states.contains { if case .disconnected(let reason) = $0 { reason.contains("TC_DELIVERY_FAILED") } else { false } })
        }
    }

    @Test("clock skew: server times hours ahead of or behind the local clock change nothing; filters are the server's own text",
          arguments: [5.0 * 3600, -7.0 * 3600])
    func clockSkew(offset: Double) async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            let serverNow = Date().addingTimeInterval(offset)
            server.add(TelecomCenterFixture.generated(18, base: serverNow, prefix: "i", incoming: true), to: "incoming_trunk_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.incomingTrunk])
            let (poller, recorder, task) = try TelecomCenterFixture.start(configuration, .incomingTrunk)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("incoming_trunk_cdrs") })
            server.add(TelecomCenterFixture.generated(4, base: serverNow.addingTimeInterval(600), prefix: "i-later", incoming: true), to: "incoming_trunk_cdrs")
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("incoming_trunk_cdrs") })
            #expect(recorder.deliveredIds.count == 22)

            // Every filter is a server time minus the window (600 s), in the server's shape — none
            // comes from the local clock, which is hours away.
            let written = server.state.withLock { $0.resources["incoming_trunk_cdrs"] ?? [] }
                .compactMap { $0["attributes"]?["time_start"]?.stringValue }.compactMap { Timestamp(rfc3339: $0)?.millisecondsSince1970 }
            let filters = server.requests.compactMap { $0.query["filter[time_start_gteq]"] }
            #expect(!filters.isEmpty)
            for filter in filters {
                #expect(filter.utf8.count == 16, "\(filter)")
                let time = try #require(Timestamp(rfc3339: filter)).millisecondsSince1970
                #expect(written.contains { $0 - 600_000 == time }, "\(filter)")
            }
            let mark = TelecomCenterFixture.minuteText(serverNow.addingTimeInterval(600))
            #expect(await TelecomCenterFixture.eventually { (try? poller.checkpoint()?.mark) == mark })
        }
    }

    @Test("malformed records are skipped with a counted reason, reported once, and never stop the others")
    func malformedRecordsSkipped() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            let time = TelecomCenterFixture.minuteText(Self.base)
            var wrongDuration = TelecomCenterFixture.termination("bad-duration", time)
            if case .object(var members) = wrongDuration, case .object(var attributes)? = members["attributes"] {
                attributes["duration"] = .array([1])
                members["attributes"] = .object(attributes)
                wrongDuration = .object(members)
            }
            server.add([
                TelecomCenterFixture.termination("ok-1", time),
                .object(["type": "termination_cdrs", "attributes": .object(["time_start": .string(time)])]),
                TelecomCenterFixture.termination("bad-time", "yesterday"),
                wrongDuration,
                .object(["id": "cust-1", "type": "customers", "attributes": .object(["time_start": .string(time), "name": "x"])]),
                TelecomCenterFixture.termination("ok-2", TelecomCenterFixture.minuteText(Self.base.addingTimeInterval(60))),
            ], to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, pageSize: 2, collections: [.termination])
            let (_, recorder, task) = try TelecomCenterFixture.start(configuration, .termination)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == ["ok-1", "ok-2"] })
            #expect(await server.answersMore(6))
            let reasons = recorder.skipped.map(\.reason)
            #expect(reasons.filter { $0 == "wrong-type" }.count == 1)
            #expect(reasons.filter { $0 == "unsupported-type" }.count == 1)
            #expect(reasons.filter { $0 == "invalid-time-start" }.count == 1)
            #expect(reasons.contains("missing-id"))
            #expect(recorder.skipped.first { $0.reason == "wrong-type" }?.detail.contains("bad-duration") == true)
            #expect(recorder.deliveredIds.count == 2)
        }
    }

    @Test("429 backs off at least Retry-After / rateLimitBackoffSeconds, reports the rate limit, then carries on")
    func rateLimitBacksOff() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(10, base: Self.base, prefix: "t"), to: "termination_cdrs")
            // One attempt per poll: the poller's own backoff is what is measured.
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination],
                                                                   maximumAttempts: 1, rateLimitBackoffSeconds: 1)
            server.fail(times: 2, status: .tooManyRequests, headers: ["Retry-After": "2"])
            let (_, recorder, task) = try TelecomCenterFixture.start(configuration, .termination)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("termination_cdrs") })
            let requests = server.requests
            #expect(requests.prefix(3).map(\.status) == [429, 429, 200])
            #expect(requests[1].at - requests[0].at >= .milliseconds(1950))
            #expect(requests[2].at - requests[1].at >= .milliseconds(1950))
            #expect(recorder.states.contains { if case .disconnected(let reason) = $0 { reason.contains("TC_RATE_LIMITED") } else { false } })
        }
    }

    @Test("an unsupported filter is reported as TC_BAD_REQUEST with the server's explanation; nothing is checkpointed")
    func badRequestReported() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(3, base: Self.base, prefix: "t"), to: "termination_cdrs")
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, collections: [.termination], filters: ["domain": "pbx"])
            let (poller, recorder, task) = try TelecomCenterFixture.start(configuration, .termination)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually {
                recorder.states.contains { if case .disconnected(let reason) = $0 { reason.contains("TC_BAD_REQUEST") && reason.contains("filter[domain]") } else { false } }
            })
            #expect(recorder.deliveredIds.isEmpty)
            #expect(try poller.checkpoint() == nil)
        }
    }

    @Test("a links.next that leads back to a page already read ends the poll with TC_INVALID_RESPONSE instead of looping")
    func loopingLinksRefused() async throws {
        try await TelecomCenterTestServer.with { server in
            let directory = TelecomCenterFixture.temporaryDirectory()
            server.add(TelecomCenterFixture.generated(10, base: Self.base, prefix: "t"), to: "termination_cdrs")
            server.state.withLock { $0.nextLinksLoop = true }
            let configuration = TelecomCenterFixture.configuration(server, directory: directory, pageSize: 4, collections: [.termination])
            let (_, recorder, task) = try TelecomCenterFixture.start(configuration, .termination)
            defer { task.cancel() }
            #expect(await TelecomCenterFixture.eventually {
                recorder.states.contains { if case .disconnected(let reason) = $0 { reason.contains("TC_INVALID_RESPONSE") && reason.contains("repeats") } else { false } }
            })
            // The first page was delivered once; the rest waits for a server that pages correctly.
            #expect(Set(recorder.deliveredIds).count == recorder.deliveredIds.count)
            server.state.withLock { $0.nextLinksLoop = false }
            #expect(await TelecomCenterFixture.eventually { Set(recorder.deliveredIds) == server.ids("termination_cdrs") })
            #expect(recorder.deliveredIds.count == 10)
        }
    }
}
