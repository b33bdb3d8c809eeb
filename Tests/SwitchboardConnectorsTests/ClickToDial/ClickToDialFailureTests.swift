import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

/// Bad answers and failing collaborators end in typed errors that carry no secret.
@Suite("Click-to-Dial failures", .timeLimit(.minutes(2)))
struct ClickToDialFailureTests {
    @Test("the token request is retried on 5xx like any idempotent request")
    func tokenRetried() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("POST", "/oauth/token", times: 2, status: .serviceUnavailable)
            let client = try ClickToDialFixture.client(server)
            #expect(try await client.call("call-a").status == "connected")
            #expect(server.count("POST", "/oauth/token") == 3)
            #expect(server.tokensIssued == ["access-1"])
        }
    }

    @Test("a token endpoint that stays down is CTD_UNAVAILABLE, not an authentication failure")
    func tokenEndpointDown() async throws {
        try await CamaraTestServer.with { server in
            server.fail("POST", "/oauth/token", times: 10, status: .internalServerError)
            let client = try ClickToDialFixture.client(server, maximumAttempts: 2)
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
            #expect(error.code == .unavailable)
            #expect(error.operation == "POST token")
            #expect(error.attempts == 2)
        }
    }

    @Test("a provider message echoing a credential is redacted")
    func echoedSecretsRedacted() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let client = try ClickToDialFixture.client(server)
            _ = try await client.call("call-a")
            server.fail("GET", "/click-to-dial/vwip/calls/call-a", times: 1, status: .forbidden, code: "PERMISSION_DENIED",
                        message: "token access-1 (client secret \(CamaraTestServer.clientSecret)) may not read this call")
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
            #expect(error.apiCode == "PERMISSION_DENIED")
            #expect(!error.description.contains("access-1"))
            #expect(!error.description.contains(CamaraTestServer.clientSecret))
            #expect(error.message == "token [REDACTED] (client secret [REDACTED]) may not read this call")
        }
    }

    @Test("a 2xx whose body is not a call resource is CTD_INVALID_RESPONSE", arguments: [
        "not json", "[]", #"{"callId": "call-a"}"#, #"{"callId": "../x", "status": "connected"}"#,
    ])
    func invalidCallResource(body: String) async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.answer("GET", "/click-to-dial/vwip/calls/call-a", times: 1, status: .ok, body: body)
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.call("call-a") }
            #expect(error.code == .invalidResponse)
            #expect(error.httpStatus == 200)
            #expect(server.count("GET", "/click-to-dial/vwip/calls/call-a") == 1)
        }
    }

    @Test("a recording whose content is not base64 writes no file", arguments: [
        #"{"callId": "call-a", "content": "***", "contentType": "audio/wav"}"#,
        #"{"callId": "call-a", "contentType": "audio/wav"}"#,
        #"{"callId": "call-b", "content": "AAAA", "contentType": "audio/wav"}"#,
        #"{"callId": "call-a", "content": "AAAA"}"#,
    ])
    func invalidRecording(body: String) async throws {
        try await ClickToDialFixture.withTemporaryDirectory { directory in
            try await CamaraTestServer.with { server in
                server.answer("GET", "/click-to-dial/vwip/calls/call-a/recording", times: 1, status: .ok, body: body)
                let client = try ClickToDialFixture.client(server, recordingDirectory: directory)
                let error = try await #require(throws: ClickToDialError.self) { _ = try await client.downloadRecording("call-a") }
                #expect(error.code == .invalidResponse)
                #expect(!FileManager.default.fileExists(atPath: directory))
            }
        }
    }

    @Test("an unwritable recording directory is CTD_RECORDING_STORAGE_FAILED")
    func unwritableDirectory() async throws {
        try await ClickToDialFixture.withTemporaryDirectory { directory in
            // A file where the directory should be.
            try Data("x".utf8).write(to: URL(fileURLWithPath: directory))
            try await CamaraTestServer.with { server in
                server.addRecording("call-a", audio: [1, 2, 3], contentType: "audio/ogg")
                let client = try ClickToDialFixture.client(server, recordingDirectory: directory)
                let error = try await #require(throws: ClickToDialError.self) { _ = try await client.downloadRecording("call-a") }
                #expect(error.code == .recordingStorageFailed)
            }
        }
    }

    @Test("no sink token means no call is placed")
    func sinkIssuerFails() async throws {
        struct StoreFull: Error {}
        try await CamaraTestServer.with { server in
            let client = try ClickToDialClient(configuration: ClickToDialFixture.configuration(server), sinkCredentials: { _ in throw StoreFull() })
            let error = try await #require(throws: ClickToDialError.self) {
                _ = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            }
            #expect(error.code == .sinkCredentialFailed)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a rejected call keeps the provider's code and message", arguments: [
        (400, "INVALID_ARGUMENT"), (409, "CONFLICT"), (422, "RECORDING_NOT_SUPPORTED"),
    ])
    func createRejected(status: Int, code: String) async throws {
        try await CamaraTestServer.with { server in
            server.fail("POST", "/click-to-dial/vwip/calls", times: 1, status: .init(code: status), code: code, message: "refused by the test")
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) {
                _ = try await client.createCall(caller: "+447700900000", callee: "+447700900123", recordingEnabled: true)
            }
            #expect(error.code == .rejected)
            #expect(error.apiCode == code)
            #expect(error.message == "refused by the test")
            #expect(!error.description.contains(ClickToDialFixture.sinkToken))
            #expect(server.count("POST", "/click-to-dial/vwip/calls") == 1)
        }
    }
}
