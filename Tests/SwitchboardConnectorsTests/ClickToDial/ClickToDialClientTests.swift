import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("Click-to-Dial client against a strict provider", .timeLimit(.minutes(2)))
struct ClickToDialClientTests {
    @Test("one access token serves every request until it expires")
    func tokenIsCached() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let client = try ClickToDialFixture.client(server)
            _ = try await client.call("call-a")
            _ = try await client.call("call-a")
            try await client.releaseCall("call-a")
            #expect(server.tokensIssued == ["access-1"])
            #expect(server.count("POST", "/oauth/token") == 1)
            #expect(server.rejected.isEmpty)
        }
    }

    @Test("an expired token is renewed before use")
    func tokenRenewedAfterExpiry() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let wallClock = TestWallClock()
            let client = try ClickToDialFixture.client(server, wallClock: wallClock)
            _ = try await client.call("call-a")
            wallClock.advance(seconds: 3600 - 31)
            _ = try await client.call("call-a")
            #expect(server.tokensIssued == ["access-1"], "still valid beyond the 30 s renewal margin")
            wallClock.advance(seconds: 2)
            _ = try await client.call("call-a")
            #expect(server.tokensIssued == ["access-1", "access-2"])
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 3, "renewal happens before the request, not after a 401")
        }
    }

    @Test("a 401 renews the token once and repeats the request")
    func tokenRenewedOn401() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let client = try ClickToDialFixture.client(server)
            _ = try await client.call("call-a")
            server.revokeTokens()
            let call = try await client.call("call-a")
            #expect(call.status == "connected")
            #expect(server.tokensIssued == ["access-1", "access-2"])
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 3)
        }
    }

    @Test("concurrent requests share one token request")
    func concurrentRequestsShareTheTokenRequest() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let client = try ClickToDialFixture.client(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await client.call("call-a") } }
                try await group.waitForAll()
            }
            #expect(server.tokensIssued.count == 1)
        }
    }

    @Test("refused client credentials are a typed error without the secret")
    func refusedCredentials() async throws {
        try await CamaraTestServer.with { server in
            var configuration = ClickToDialFixture.configuration(server)
            configuration.clientSecret = "wrong-secret-value"
            let client = try ClickToDialClient(configuration: configuration, sinkCredentials: ClickToDialFixture.SinkIssuer().issue)
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
            #expect(error.code == .authenticationFailed)
            #expect(error.httpStatus == 401)
            #expect(error.apiCode == "invalid_client")
            #expect(!error.description.contains("wrong-secret-value"))
            #expect(server.count("POST", "/oauth/token") == 1, "a 4xx from the token endpoint is not retried")
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 0)
        }
    }

    @Test("POST /calls sends caller, callee, sink and a fresh sink credential")
    func createCall() async throws {
        try await CamaraTestServer.with { server in
            let issuer = ClickToDialFixture.SinkIssuer()
            let client = try ClickToDialFixture.client(server, issuer: issuer)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123", recordingEnabled: true)
            #expect(call.callId == "call-1")
            #expect(call.status == "initiating")
            #expect(call.caller == "+447700900000")
            #expect(call.recordingEnabled == true)
            #expect(server.rejected.isEmpty)
            #expect(server.sinkCredentials == [[
                "credentialType": "ACCESSTOKEN",
                "accessToken": .string(ClickToDialFixture.sinkToken),
                "accessTokenExpiresUtc": "2026-11-23T19:00:00Z",
                "accessTokenType": "bearer",
            ]])
            #expect(issuer.lifetimes.withLock { $0 } == [7200])
        }
    }

    @Test("POST /calls is not repeated after a 5xx: the call may already ring")
    func createCallNotRetriedOn5xx() async throws {
        try await CamaraTestServer.with { server in
            server.fail("POST", "/click-to-dial/vwip/calls", times: 1, status: .serviceUnavailable)
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) {
                _ = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            }
            #expect(error.code == .unavailable)
            #expect(error.httpStatus == 503)
            #expect(server.count("POST", "/click-to-dial/vwip/calls") == 1)
        }
    }

    @Test("POST /calls is repeated after a 429, when the provider did not take it")
    func createCallRetriedOn429() async throws {
        try await CamaraTestServer.with { server in
            server.fail("POST", "/click-to-dial/vwip/calls", times: 1, status: .tooManyRequests, code: "TOO_MANY_REQUESTS", headers: ["Retry-After": "0"])
            let client = try ClickToDialFixture.client(server)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            #expect(call.callId == "call-1")
            #expect(server.count("POST", "/click-to-dial/vwip/calls") == 2)
        }
    }

    @Test("GET is retried on 5xx and succeeds")
    func getRetriedOn5xx() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("GET", "/click-to-dial/vwip/calls/call-a", times: 2, status: .badGateway)
            let client = try ClickToDialFixture.client(server)
            let call = try await client.call("call-a")
            #expect(call.status == "connected")
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 3)
        }
    }

    @Test("DELETE honours Retry-After on 429 and succeeds")
    func deleteHonoursRetryAfter() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("DELETE", "/click-to-dial/vwip/calls/call-a", times: 1, status: .tooManyRequests, code: "TOO_MANY_REQUESTS",
                        headers: ["Retry-After": "1"])
            let client = try ClickToDialFixture.client(server)
            let started = ContinuousClock.now
            try await client.releaseCall("call-a")
            // A lower bound only: the client must not come back before the server said so.
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(server.count("DELETE", "/click-to-dial/vwip/calls/call-a") == 2)
            #expect(try await client.call("call-a").status == "disconnected")
        }
    }

    @Test("a 429 without Retry-After waits for RateLimit-Reset")
    func rateLimitReset() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("GET", "/click-to-dial/vwip/calls/call-a", times: 1, status: .tooManyRequests, code: "TOO_MANY_REQUESTS",
                        headers: ["RateLimit-Limit": "10", "RateLimit-Remaining": "0", "RateLimit-Reset": "1"])
            let client = try ClickToDialFixture.client(server)
            let started = ContinuousClock.now
            _ = try await client.call("call-a")
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 2)
        }
    }

    @Test("retries stop at maximumAttempts with a typed error")
    func retriesRunOut() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("GET", "/click-to-dial/vwip/calls/call-a", times: 10, status: .internalServerError)
            let client = try ClickToDialFixture.client(server, maximumAttempts: 3)
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
            #expect(error.code == .unavailable)
            #expect(error.attempts == 3)
            #expect(error.apiCode == "UNAVAILABLE")
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 3)
        }
    }

    @Test("a 4xx is not retried and keeps the CAMARA code", arguments: [
        (403, "PERMISSION_DENIED"), (404, "NOT_FOUND"), (409, "CONFLICT"),
    ])
    func clientErrorsNotRetried(status: Int, code: String) async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("DELETE", "/click-to-dial/vwip/calls/call-a", times: 5, status: .init(code: status), code: code)
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) { try await client.releaseCall("call-a") }
            #expect(error.code == .rejected)
            #expect(error.httpStatus == status)
            #expect(error.apiCode == code)
            #expect(error.operation == "DELETE /calls/{callId}")
            #expect(server.count("DELETE", "/click-to-dial/vwip/calls/call-a") == 1)
        }
    }

    @Test("bad arguments are refused before anything is sent", arguments: ["", "../calls", "call a", "..", String(repeating: "x", count: 257)])
    func badCallIds(callId: String) async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) { try await client.releaseCall(callId) }
            #expect(error.code == .invalidArgument)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("numbers must be E.164", arguments: ["447700900000", "+0447700900", "+44 7700 900000", "+1"])
    func badNumbers(number: String) async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) {
                _ = try await client.createCall(caller: number, callee: "+447700900123")
            }
            #expect(error.code == .invalidArgument)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("an unreachable provider is a transport error after the retries")
    func unreachableProvider() async throws {
        // A port nothing listens on: bind the test server, stop it, keep its address.
        let root = try await CamaraTestServer.with { server in server.apiRoot }
        let tokenURL = root.replacingOccurrences(of: CamaraTestServer.basePath, with: "/oauth/token")
        var configuration = ClickToDialConfiguration(apiRoot: root, tokenURL: tokenURL, clientId: "id", clientSecret: "secret", sinkURL: CamaraTestServer.sinkURL)
        // The HTTP client keeps retrying a refused connection until the request's deadline, so a
        // short timeout keeps the test short.
        configuration.requestTimeoutSeconds = 1
        configuration.retry = RetryPolicy(maximumAttempts: 2, initialBackoffSeconds: 0.01, maximumBackoffSeconds: 0.01)
        let client = try ClickToDialClient(configuration: configuration, sinkCredentials: ClickToDialFixture.SinkIssuer().issue)
        let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
        #expect(error.code == .transportFailed)
        #expect(error.attempts == 2)
    }
}
