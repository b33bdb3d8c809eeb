import Foundation
import Synchronization
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardNormalizers
import SwitchboardRules
import Testing

/// The signed API against the PBX peer, which recomputes every hash itself.
@Suite("AntBuddy: signed client against the PBX peer", .timeLimit(.minutes(5)))
struct AntBuddyClientTests {
    static let day: TimeInterval = 86_400

    static func date(_ text: String) -> Date { Timestamp(rfc3339: text)!.date }

    @Test("headers and query hashes are exactly the documented sha256 concatenations")
    func signatures() {
        let signer = AntBuddySigner(appId: "app-1", appSecret: "s3cr3t")
        // sha256("app-1s3cr3t"), computed independently (Python hashlib).
        #expect(signer.headers.map(\.value) == ["app-1", "b3aa74215b65450e8acaa3999812449661373be243818223966d716976ca948a"])
        let query = signer.historyQuery(createdFrom: "2026-01-01 00:00:00", createdTo: "2026-01-31 23:59:59", limit: 100, page: 2)
        #expect(query.map(\.name) == ["appId", "created_from", "created_to", "limit", "page", "hash"])
        #expect(query.last?.value == SHA256.hex("app-12026-01-01 00:00:002026-01-31 23:59:591002s3cr3t"))
        #expect(signer.recordingQuery(media: "a.mp3").last?.value == SHA256.hex("app-1a.mp3s3cr3t"))
    }

    @Test("a wrong app secret is refused by the peer: AB_AUTHENTICATION_FAILED, not retried")
    func wrongSecret() async throws {
        try await AntBuddyPBX.with { pbx in
            let client = try AntBuddyClient(configuration: pbx.configuration(secret: "wrong"))
            let error = await #expect(throws: AntBuddyError.self) { _ = try await client.authToken() }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.httpStatus == 401)
            #expect(error?.description.contains("wrong") == false)
            let history = await #expect(throws: AntBuddyError.self) {
                _ = try await client.historyPage(createdFrom: "2026-01-01 00:00:00", createdTo: "2026-01-02 00:00:00", page: 1, limit: 100)
            }
            #expect(history?.code == .authenticationFailed)
            #expect(try await pbx.requests().count == 2)
        }
    }

    @Test("history across several pages: every page requested in order, every record normalized, recordings signed")
    func pagination() async throws {
        try await AntBuddyPBX.with { pbx in
            let base: Int64 = 1_767_225_600 // 2026-01-01T00:00:00Z
            let records = (0..<250).map { antbuddyRecord(callId: "call-\($0)", at: base + Int64($0) * 60, recording: $0 % 100 == 0 ? "rec-\($0).mp3" : "") }
            try await pbx.setHistory(records)
            let reader = AntBuddyHistoryReader(client: try AntBuddyClient(configuration: pbx.configuration()))
            let collected = Mutex<[CallEvent]>([])
            let counts = try await reader.read(from: Self.date("2026-01-01T00:00:00Z"), to: Self.date("2026-01-02T00:00:00Z")) { events in
                collected.withLock { $0 += events }
            }
            let events = collected.withLock { $0 }
            #expect(counts.windows == 1)
            #expect(counts.pages == 3)
            #expect(counts.records == 250)
            #expect(events.map(\.data.callId) == (0..<250).map { "call-\($0)" })
            #expect(Set(events.map(\.id)).count == 250)
            #expect(events.allSatisfy { $0.type == .completed && $0.source == "switchboard://antbuddy/main" })
            #expect(counts.recordingsResolved == 3)
            #expect(events[100].data.recording?.url == "https://recordings.example/rec-100.mp3?Signature=sig")
            #expect(events[1].data.recording == nil)

            let requests = try await pbx.requests(path: "/oapi/v1/call/histories")
            #expect(requests.map { $0.query["page"] } == ["1", "2", "3"])
            #expect(requests.allSatisfy { $0.query["limit"] == "100" && $0.query["created_from"] == "2026-01-01 00:00:00" && $0.query["created_to"] == "2026-01-01 23:59:59" })
            #expect(try await pbx.requests(path: "/oapi/v1/call/play_recording").map { $0.query["media"] } == ["rec-0.mp3", "rec-100.mp3", "rec-200.mp3"])
        }
    }

    @Test("a 70-day range is read in 31-day windows that neither overlap nor leave a second out")
    func windows() async throws {
        try await AntBuddyPBX.with { pbx in
            let from = Self.date("2026-01-01T00:00:00Z")
            let to = from.addingTimeInterval(70 * Self.day)
            // One call every 5 days, the first at the range's first second, the last at its last.
            var records = stride(from: 0, to: 70, by: 5).map { antbuddyRecord(callId: "day-\($0)", at: Int64(from.timeIntervalSince1970) + Int64($0) * 86_400) }
            records.append(antbuddyRecord(callId: "last-second", at: Int64(to.timeIntervalSince1970) - 1))
            records.append(antbuddyRecord(callId: "after-range", at: Int64(to.timeIntervalSince1970)))
            try await pbx.setHistory(records)
            let reader = AntBuddyHistoryReader(client: try AntBuddyClient(configuration: pbx.configuration()))
            let collected = Mutex<[String]>([])
            let counts = try await reader.read(from: from, to: to) { events in collected.withLock { $0 += events.map(\.data.callId) } }
            #expect(counts.windows == 3)
            let requests = try await pbx.requests(path: "/oapi/v1/call/histories")
            #expect(requests.map { [$0.query["created_from"] ?? "", $0.query["created_to"] ?? ""] } == [
                ["2026-01-01 00:00:00", "2026-01-31 23:59:59"],
                ["2026-02-01 00:00:00", "2026-03-03 23:59:59"],
                ["2026-03-04 00:00:00", "2026-03-11 23:59:59"],
            ])
            #expect(collected.withLock { $0 } == stride(from: 0, to: 70, by: 5).map { "day-\($0)" } + ["last-second"])
        }
    }

    @Test("click-to-call sends the documented request: signed headers, number in the path, SIP credentials from configuration")
    func clickToCall() async throws {
        try await AntBuddyPBX.with { pbx in
            let client = try AntBuddyClient(configuration: pbx.configuration())
            try await client.clickToCall(number: "0987654321", sipUser: AntBuddyPBX.sipUser)
            let requests = try await pbx.requests()
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/oapi/v1/call/click-to-call/0987654321")
            #expect(request.headers["x-auth-app-id"] == AntBuddyPBX.appId)
            #expect(request.headers["x-auth-app-hash"] == SHA256.hex(AntBuddyPBX.appId + AntBuddyPBX.appSecret))
            #expect(request.headers["content-type"] == "application/json")
            let body = try JSONValue.parse(request.body ?? "")
            #expect(body == ["sipUser": .string(AntBuddyPBX.sipUser), "sipPassword": .string(AntBuddyPBX.sipPassword)])

            let unknown = await #expect(throws: AntBuddyError.self) { try await client.clickToCall(number: "0987654321", sipUser: "nobody") }
            #expect(unknown?.code == .invalidArgument)
            #expect(try await pbx.requests().count == 1)
        }
    }

    @Test("device offline (400) fails the action after exactly one request; the executor reports AB_DEVICE_OFFLINE")
    func deviceOffline() async throws {
        try await AntBuddyPBX.with { pbx in
            try await pbx.configure(["offline": true])
            let executor = AntBuddyActionExecutor(clients: [try AntBuddyClient(configuration: pbx.configuration())])
            let event = try #require(try AntBuddyNormalizer().normalize(json: antbuddyRecord(callId: "c-1", at: 1_767_225_600), context: NormalizationContext()).first)
            let plan = ActionPlan(rule: "ring-desk", action: .antbuddyClickToCall(AntBuddyClickToCall(number: "0987654321", sipUser: AntBuddyPBX.sipUser)),
                                  arguments: ["number": "0987654321", "sipUser": .string(AntBuddyPBX.sipUser)])
            let error = await #expect(throws: AntBuddyError.self) { try await executor.execute(plan, for: event) }
            #expect(error?.code == .deviceOffline)
            #expect(error?.httpStatus == 400)
            #expect(error?.description.contains(AntBuddyPBX.sipPassword) == false)
            #expect(try await pbx.requests().count == 1)
        }
    }

    @Test("429 and 5xx are retried with backoff until the PBX answers; other 4xx are not retried")
    func retries() async throws {
        try await AntBuddyPBX.with { pbx in
            let client = try AntBuddyClient(configuration: pbx.configuration())
            try await pbx.configure(["fail": ["POST /oapi/v1/call/click-to-call": [429, 503]], "retry_after": "1"])
            try await client.clickToCall(number: "0987654321", sipUser: AntBuddyPBX.sipUser)
            #expect(try await pbx.requests(path: "/oapi/v1/call/click-to-call").count == 3)

            try await pbx.configure(["fail": ["GET /oapi/v1/call/histories": [502, 500]]])
            _ = try await client.historyPage(createdFrom: "2026-01-01 00:00:00", createdTo: "2026-01-01 23:59:59", page: 1, limit: 10)
            #expect(try await pbx.requests(path: "/oapi/v1/call/histories").count == 3)

            try await pbx.configure(["fail": ["POST /oapi/v1/call/click-to-call": [404]]])
            let error = await #expect(throws: AntBuddyError.self) { try await client.clickToCall(number: "0987654321", sipUser: AntBuddyPBX.sipUser) }
            #expect(error?.code == .rejected)
            #expect(try await pbx.requests(path: "/oapi/v1/call/click-to-call").count == 4)

            try await pbx.configure(["fail": ["POST /oapi/v1/call/click-to-call": [503, 503, 503]]])
            let exhausted = await #expect(throws: AntBuddyError.self) { try await client.clickToCall(number: "0987654321", sipUser: AntBuddyPBX.sipUser) }
            #expect(exhausted?.code == .unavailable)
            #expect(exhausted?.attempts == 3)
        }
    }

    @Test("the auth token is cached and renewed before it expires")
    func tokenRefresh() async throws {
        try await AntBuddyPBX.with { pbx in
            // The peer's expiry is real time, so the test clock starts at the real time.
            let clock = TestWallClock(start: Date())
            let client = try AntBuddyClient(configuration: pbx.configuration(), now: { clock.now })
            let tokens = AntBuddyTokenProvider(client: client)
            let first = try await tokens.token()
            #expect(try await tokens.token() == first)
            // The peer issues one-hour tokens; the margin is 60 s.
            clock.advance(seconds: 3600 - 90)
            #expect(try await tokens.token() == first)
            clock.advance(seconds: 40)
            let second = try await tokens.token()
            #expect(second.value != first.value)
            #expect(second.expiresAt > first.expiresAt.addingTimeInterval(-1))
            #expect(try await pbx.requests(path: "/oapi/v1/voice/auth_token").count == 2)
            #expect(await tokens.issued == 2)
        }
    }

    @Test("the token's `expire` is read as epoch ms, epoch seconds, a lifetime or an RFC 3339 time", arguments: [
        (JSONValue.integer(1_795_000_600_000), 600.0),
        (.integer(1_795_000_600), 600),
        (.string("1795000600"), 600),
        (.integer(3600), 3600),
        (.double(90.5), 90.5),
        (.string("2026-11-18T11:16:40Z"), 600),
    ])
    func tokenExpiry(expire: JSONValue, secondsLeft: Double) throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let token = try AntBuddyToken(json: ["value": "t", "expire": expire], now: now)
        #expect(abs(token.expiresAt.timeIntervalSince(now) - secondsLeft) < 0.001)
        #expect(!token.description.contains("\"t\""))
    }

    @Test("a token answer without a value or a readable expiry is AB_INVALID_RESPONSE")
    func tokenInvalid() {
        for json: JSONValue in [["expire": 60], ["value": "", "expire": 60], ["value": "t"], ["value": "t", "expire": "soon"]] {
            let error = #expect(throws: AntBuddyError.self) { _ = try AntBuddyToken(json: json, now: Date()) }
            #expect(error?.code == .invalidResponse)
        }
    }

    @Test("configuration: defaults, validation naming each problem, secrets redacted")
    func configuration() throws {
        let good = AntBuddyConfiguration(name: "main", apiRoot: "https://pbx.example.com", appId: "a", appSecret: "very-secret",
                                         sipPasswords: ["desk": "pw-secret"])
        try good.validate()
        #expect(good.historyPageSize == 100 && good.historyWindowDays == 31)
        #expect(!good.description.contains("very-secret") && !good.description.contains("pw-secret"))
        var bad = good
        bad.historyPageSize = 101
        bad.historyWindowDays = 32
        bad.signalsURL = "ftp://x"
        let error = #expect(throws: AntBuddyError.self) { try bad.validate() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("historyPageSize") == true && error?.message.contains("historyWindowDays") == true
            && error?.message.contains("signalsURL") == true)
    }
}

