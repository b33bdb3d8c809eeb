import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("telecom.center JSON:API client", .timeLimit(.minutes(3)))
struct TelecomCenterClientTests {
    @Test("sends Basic auth and the JSON:API media type exactly, and follows links.next over every page")
    func headersAndPagination() async throws {
        try await TelecomCenterTestServer.with { server in
            let base = Date(timeIntervalSince1970: 1_795_000_000)
            server.add(TelecomCenterFixture.generated(20, base: base, prefix: "t"), to: "termination_cdrs")
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: "/nonexistent"))
            var query = JSONAPIQuery(filters: ["time_start_gteq": TelecomCenterFixture.minuteText(base)], sort: ["time_start"],
                                     include: ["customer"], pageNumber: 1, pageSize: 6)
            var document = try await client.collection("termination_cdrs", query: query)
            var ids = document.data.compactMap { $0["id"]?.stringValue }
            var pages = 1
            while let next = document.next {
                document = try await client.follow(next, of: "termination_cdrs")
                ids += document.data.compactMap { $0["id"]?.stringValue }
                pages += 1
            }
            #expect(pages == 4)
            #expect(ids.count == 20 && Set(ids) == server.ids("termination_cdrs"))
            let requests = server.requests
            #expect(requests.allSatisfy { $0.status == 200 })
            let credentials = Data("\(TelecomCenterTestServer.username):\(TelecomCenterTestServer.password)".utf8).base64EncodedString()
            #expect(requests.allSatisfy { $0.authorization == "Basic \(credentials)" })
            #expect(requests.allSatisfy { $0.accept == "application/vnd.api+json" && $0.contentType == "application/vnd.api+json" })
            #expect(requests[0].query == ["filter[time_start_gteq]": TelecomCenterFixture.minuteText(base), "sort": "time_start",
                                          "include": "customer", "page[number]": "1", "page[size]": "6"])
            query.pageNumber = 4
            #expect(try await client.collection("termination_cdrs", query: query).next == nil)
        }
    }

    @Test("the test server is strict: wrong credentials 401, parameters on the media type 415 or 406")
    func serverChecksContentNegotiation() async throws {
        try await TelecomCenterTestServer.with { server in
            let url = server.apiRoot + "/termination_cdrs"
            let good = "Basic " + Data("\(TelecomCenterTestServer.username):\(TelecomCenterTestServer.password)".utf8).base64EncodedString()
            func status(_ headers: [(String, String)]) async throws -> Int {
                var request = HTTPClientRequest(url: url)
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                return Int(response.status.code)
            }
            let json = "application/vnd.api+json"
            let statuses = [
                try await status([("Authorization", good), ("Content-Type", json), ("Accept", json)]),
                try await status([("Authorization", "Basic d3Jvbmc6d3Jvbmc="), ("Content-Type", json), ("Accept", json)]),
                try await status([("Authorization", good), ("Content-Type", json + "; ext=bulk"), ("Accept", json)]),
                try await status([("Authorization", good), ("Content-Type", json), ("Accept", json + "; ext=bulk")]),
                try await status([("Authorization", good), ("Content-Type", json), ("Accept", json + "; ext=bulk, " + json)]),
                try await status([("Authorization", good), ("Accept", json)]),
            ]
            #expect(statuses == [200, 401, 415, 406, 200, 415])
        }
    }

    @Test("a wrong password is TC_AUTHENTICATION_FAILED, not retried, and the error never shows the password")
    func wrongPassword() async throws {
        try await TelecomCenterTestServer.with { server in
            let configuration = TelecomCenterFixture.configuration(server, directory: "/nonexistent", password: "not-the-password")
            let client = try TelecomCenterClient(configuration: configuration)
            let error = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("termination_cdrs", query: JSONAPIQuery(pageNumber: 1, pageSize: 5))
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.httpStatus == 401)
            #expect(error?.apiErrors.first?.title == "Unauthorized")
            #expect(server.requests.count == 1)
            #expect(error.map { !"\($0)".contains("not-the-password") } == true)
        }
    }

    @Test("400 for an unsupported filter is explained with the server's JSON:API errors and not retried")
    func badRequestExplained() async throws {
        try await TelecomCenterTestServer.with { server in
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: "/nonexistent"))
            let error = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("termination_cdrs", query: JSONAPIQuery(filters: ["domain": "x"], sort: ["duration"]))
            }
            #expect(error?.code == .badRequest)
            #expect(error?.apiErrors.first?.parameter == "filter[domain]")
            #expect(error?.description.contains("filter[domain]=x") == true)
            #expect(server.requests.count == 1)
            let sortError = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("incoming_trunk_cdrs", query: JSONAPIQuery(sort: ["duration"]))
            }
            #expect(sortError?.apiErrors.first?.title == "Invalid sort criteria")
            let includeError = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("incoming_trunk_cdrs", query: JSONAPIQuery(include: ["termination_gateway"]))
            }
            #expect(includeError?.code == .badRequest && includeError?.apiErrors.first?.parameter == "include")
        }
    }

    @Test("406 and 415 answers are explained as content-negotiation refusals")
    func notAcceptableAndUnsupportedMediaType() async throws {
        try await TelecomCenterTestServer.with { server in
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: "/nonexistent"))
            // A proxy that rewrites the headers is what makes a correct client see these.
            server.fail(times: 1, status: .notAcceptable)
            let notAcceptable = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("termination_cdrs", query: JSONAPIQuery())
            }
            #expect(notAcceptable?.code == .notAcceptable)
            #expect(notAcceptable?.message.contains("Accept") == true)
            server.fail(times: 1, status: .unsupportedMediaType)
            let unsupported = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("termination_cdrs", query: JSONAPIQuery())
            }
            #expect(unsupported?.code == .unsupportedMediaType)
            #expect(unsupported?.message.contains("Content-Type") == true)
            #expect(server.requests.count == 2)
        }
    }

    @Test("429 with Retry-After and 503 are retried; a lasting 5xx is TC_UNAVAILABLE after the attempts; 404 is not retried")
    func retries() async throws {
        try await TelecomCenterTestServer.with { server in
            server.add([TelecomCenterFixture.termination("1", "2026-11-23 10:00")], to: "termination_cdrs")
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: "/nonexistent"))
            server.fail(times: 1, status: .tooManyRequests, headers: ["Retry-After": "1"])
            server.fail(times: 1, status: .serviceUnavailable)
            let document = try await client.collection("termination_cdrs", query: JSONAPIQuery())
            #expect(document.data.count == 1)
            let requests = server.requests
            #expect(requests.map(\.status) == [429, 503, 200])
            // The server asked for a second: the retry did not come sooner.
            #expect(requests[1].at - requests[0].at >= .milliseconds(950))

            server.fail(times: 3, status: .internalServerError)
            let error = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("termination_cdrs", query: JSONAPIQuery())
            }
            #expect(error?.code == .unavailable && error?.attempts == 3)

            let before = server.requests.count
            let missing = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.collection("no_such_cdrs", query: JSONAPIQuery())
            }
            #expect(missing?.code == .rejected && missing?.httpStatus == 404)
            #expect(server.requests.count == before + 1)
        }
    }

    @Test("a links.next to another host is refused, so the credentials stay with apiRoot")
    func foreignLinkRefused() async throws {
        try await TelecomCenterTestServer.with { server in
            let client = try TelecomCenterClient(configuration: TelecomCenterFixture.configuration(server, directory: "/nonexistent"))
            let error = await #expect(throws: TelecomCenterError.self) {
                _ = try await client.follow("https://elsewhere.example/api?page%5Bnumber%5D=2", of: "termination_cdrs")
            }
            #expect(error?.code == .invalidResponse)
            #expect(server.requests.isEmpty)
        }
    }
}
