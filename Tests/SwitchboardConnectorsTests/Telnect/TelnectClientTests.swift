import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardRules
import Testing

/// Every REST call hits the peer with the method, path, headers and body of the Telnect
/// document; retries follow the connector's rules.
@Suite("Telnect REST client", .serialized, .timeLimit(.minutes(3)))
struct TelnectClientTests {
    static func withPeer(_ body: (TelnectPeer) async throws -> Void) async throws {
        let peer = try await TelnectPeer.start()
        defer { peer.stop() }
        try await body(peer)
    }

    static func plan(_ action: Action) -> ActionPlan {
        ActionPlan(rule: "test-rule", action: action, arguments: [:])
    }

    static func event(callId: String = "c-1", source: String = "switchboard://telnect/main") -> CallEvent {
        CallEvent(id: "evt-\(callId)", source: source, type: .answered, subject: callId, time: nil, platform: .telnect, partitionKey: callId,
                  data: CallEventData(callId: callId, state: .answered, platformState: "answered", original: .null))
    }

    @Test("telnect.callAction: POST /Calls/{id}/actions with the documented body and bearer token")
    func callAction() async throws {
        try await Self.withPeer { peer in
            let executor = TelnectActionExecutor(clients: [try TelnectClient(configuration: peer.configuration())])
            try await executor.execute(Self.plan(.telnectCallAction(TelnectCallAction(callId: "c-1", action: .transfer, destination: "+46890510"))), for: Self.event())
            try await executor.execute(Self.plan(.telnectCallAction(TelnectCallAction(callId: "c-1", action: .hold))), for: Self.event())
            let requests = try await peer.requests("POST", "/Calls/c-1/actions")
            #expect(requests.count == 2)
            #expect(requests[0].json == ["action": "transfer", "destination": "+46890510"] as NSDictionary)
            #expect(requests[1].json == ["action": "hold"] as NSDictionary)
            for request in requests {
                #expect(request.header("Authorization") == "Bearer \(TelnectPeer.token)")
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("Accept") == "application/json")
            }
        }
    }

    @Test("telnect.hangup: DELETE /Calls/{id}, 204; a 404 counts as done")
    func hangup() async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            let created = try await client.createCall(source: "+4610100555", destination: "+46890510")
            let executor = TelnectActionExecutor(clients: [client])
            try await executor.execute(Self.plan(.telnectHangup(callId: created.id)), for: Self.event(callId: created.id))
            // The call is over now: the second hangup gets 404, which is what the rule wanted.
            try await executor.execute(Self.plan(.telnectHangup(callId: created.id)), for: Self.event(callId: created.id))
            let requests = try await peer.requests("DELETE", "/Calls/\(created.id)")
            #expect(requests.count == 2, "a 404 is not retried")
            #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(TelnectPeer.token)" && $0.body.isEmpty })
            // The client itself reports the 404 as a typed error with the documented code.
            let error = try await #require(throws: TelnectError.self) { try await client.hangup(callId: created.id) }
            #expect(error.isNotFound && error.code == .rejected && error.apiCode == "CALL_NOT_FOUND")
        }
    }

    @Test("telnect.call: POST /Calls with source, destination and options as documented")
    func createCall() async throws {
        try await Self.withPeer { peer in
            let executor = TelnectActionExecutor(clients: [try TelnectClient(configuration: peer.configuration())])
            let call = TelnectCall(source: "+4610100555", destination: "+46890510", record: false, timeoutSeconds: 30)
            try await executor.execute(Self.plan(.telnectCall(call)), for: Self.event(source: "switchboard://thello/tenant-a"))
            try await executor.execute(Self.plan(.telnectCall(TelnectCall(source: "+4610100555", destination: "+46890510"))), for: Self.event())
            let requests = try await peer.requests("POST", "/Calls")
            #expect(requests.count == 2)
            #expect(requests[0].json == [
                "source": ["type": "phone", "number": "+4610100555"],
                "destination": ["type": "phone", "number": "+46890510"],
                "options": ["record": false, "timeout": 30],
            ] as NSDictionary)
            #expect(requests[1].json == [
                "source": ["type": "phone", "number": "+4610100555"], "destination": ["type": "phone", "number": "+46890510"],
            ] as NSDictionary, "no options when none are given")
            #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(TelnectPeer.token)" && $0.header("Content-Type") == "application/json" })
        }
    }

    @Test("429 with Retry-After and 5xx are retried with backoff, then succeed")
    func transientRetried() async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            try await peer.script("POST", "/Calls/c-7/actions", [["status": 429, "headers": ["Retry-After": "1"]], ["status": 503], ["status": 502]])
            try await client.callAction(callId: "c-7", action: .mute)
            let requests = try await peer.requests("POST", "/Calls/c-7/actions")
            #expect(requests.count == 4)
            #expect(requests[1].time - requests[0].time >= 0.9, "Retry-After: 1 was honoured")
            #expect(requests.allSatisfy { $0.json == ["action": "mute"] as NSDictionary })
        }
    }

    @Test("5xx until the attempts run out is TELNECT_UNAVAILABLE with the documented error code")
    func unavailable() async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration(maximumAttempts: 3))
            let failure: [String: Any] = ["status": 500, "body": ["error": ["code": "INTERNAL", "message": "try later", "details": [:] as [String: Any]]]]
            try await peer.script("DELETE", "/Calls/c-8", [failure, failure, failure])
            let error = try await #require(throws: TelnectError.self) { try await client.hangup(callId: "c-8") }
            #expect(error.code == .unavailable && error.httpStatus == 500 && error.apiCode == "INTERNAL" && error.attempts == 3)
            #expect(try await peer.requests("DELETE", "/Calls/c-8").count == 3)
        }
    }

    @Test("4xx other than 429 are never retried; the error body becomes a typed error", arguments: [400, 403, 404, 409, 422])
    func clientErrorsNotRetried(status: Int) async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            try await peer.script("POST", "/Calls/c-9/actions", [["status": status, "body": ["error": ["code": "E\(status)", "message": "refused"]]]])
            let error = try await #require(throws: TelnectError.self) { try await client.callAction(callId: "c-9", action: .hold) }
            #expect(error.httpStatus == status && error.apiCode == "E\(status)" && error.message == "refused" && error.attempts == 1)
            #expect(error.code == (status == 403 ? .unauthorized : .rejected))
            #expect(try await peer.requests("POST", "/Calls/c-9/actions").count == 1)
        }
    }

    @Test("POST /Calls and transfers are retried on 429 only: a 5xx may already have rung the phone")
    func nonIdempotentNotRetriedOn5xx() async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            try await peer.script("POST", "/Calls", [["status": 429, "headers": ["Retry-After": "0"]], ["status": 503]])
            let error = try await #require(throws: TelnectError.self) { _ = try await client.createCall(source: "+4610100555", destination: "+46890510") }
            #expect(error.code == .unavailable && error.httpStatus == 503 && error.attempts == 2)
            try await peer.script("POST", "/Calls/c-3/actions", [["status": 500]])
            await #expect(throws: TelnectError.self) { try await client.callAction(callId: "c-3", action: .transfer, destination: "+46890510") }
            #expect(try await peer.requests("POST", "/Calls").count == 2)
            #expect(try await peer.requests("POST", "/Calls/c-3/actions").count == 1)
        }
    }

    @Test("X-RateLimit-Remaining 0 makes the next request wait for X-RateLimit-Reset")
    func rateLimitHonoured() async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            let reset = Int(Date().timeIntervalSince1970) + 2
            try await peer.script("POST", "/Calls/c-4/actions", [["headers": ["X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "\(reset)"]]])
            try await client.callAction(callId: "c-4", action: .hold)
            try await client.callAction(callId: "c-4", action: .resume)
            let requests = try await peer.requests("POST", "/Calls/c-4/actions")
            #expect(requests.count == 2)
            #expect(requests[1].time >= Double(reset), "the second request went out before the window reset")
        }
    }

    @Test("a rate-limit window closed for longer than allowed fails fast with TELNECT_RATE_LIMITED")
    func rateLimitTooLong() async throws {
        try await Self.withPeer { peer in
            var configuration = peer.configuration()
            configuration.maximumRateLimitWaitSeconds = 5
            let client = try TelnectClient(configuration: configuration)
            let reset = Int(Date().timeIntervalSince1970) + 3600
            try await peer.script("POST", "/Calls/c-5/actions", [["headers": ["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "\(reset)"]]])
            try await client.callAction(callId: "c-5", action: .hold)
            let error = try await #require(throws: TelnectError.self) { try await client.callAction(callId: "c-5", action: .resume) }
            #expect(error.code == .rateLimited)
            #expect(try await peer.requests("POST", "/Calls/c-5/actions").count == 1)
        }
    }

    @Test("a wrong token is TELNECT_UNAUTHORIZED, not retried, and never echoed")
    func unauthorized() async throws {
        try await Self.withPeer { peer in
            var configuration = peer.configuration()
            configuration.token = "wrong-token-31337"
            let client = try TelnectClient(configuration: configuration)
            let error = try await #require(throws: TelnectError.self) { _ = try await client.history(limit: 10, offset: 0) }
            #expect(error.code == .unauthorized && error.httpStatus == 401 && error.attempts == 1)
            #expect(!error.description.contains("wrong-token-31337"))
            #expect(!configuration.description.contains("wrong-token-31337"))
        }
    }

    @Test("a call id that could leave its path segment is refused before sending", arguments: ["../x", "a/b", "a?b", "", "a b"])
    func badCallId(callId: String) async throws {
        try await Self.withPeer { peer in
            let client = try TelnectClient(configuration: peer.configuration())
            let error = try await #require(throws: TelnectError.self) { try await client.hangup(callId: callId) }
            #expect(error.code == .invalidArgument)
            #expect(try await peer.requests().isEmpty)
        }
    }
}
