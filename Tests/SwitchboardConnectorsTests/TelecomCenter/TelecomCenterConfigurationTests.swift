import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing
import Yams

@Suite("telecom.center configuration and checkpoint")
struct TelecomCenterConfigurationTests {
    @Test("a YAML account gets the documented defaults")
    func defaults() throws {
        let configuration = try YAMLDecoder().decode(TelecomCenterConfiguration.self, from: """
            name: main
            username: operator
            password: secret
            """)
        #expect(configuration.apiRoot == "https://api.telecom.center/api/rest/public/operator")
        #expect(configuration.collections == [.termination, .incomingTrunk])
        #expect(configuration.path(of: .termination) == "termination_cdrs")
        #expect(configuration.path(of: .incomingTrunk) == "incoming_trunk_cdrs")
        #expect(configuration.pageSize == 100)
        #expect(configuration.pollIntervalSeconds == 30)
        #expect(configuration.rateLimitBackoffSeconds == 30)
        #expect(configuration.lateArrivalWindowSeconds == 600)
        #expect(configuration.eventSource == "switchboard://telecomcenter/main")
        #expect(configuration.checkpointDirectory.hasSuffix("/telecomcenter"))
        #expect(TelecomCenterConfiguration.defaultCheckpointDirectory(environment: ["SWITCHBOARD_STATE_DIR": "/var/lib/sb"]) == "/var/lib/sb/telecomcenter")
        #expect(TelecomCenterConfiguration.defaultCheckpointDirectory(environment: [:]) == ".switchboard/telecomcenter")
        try configuration.validate()
        #expect(!configuration.description.contains("secret"))
    }

    @Test("every problem is reported at once, as TC_INVALID_CONFIGURATION")
    func validation() throws {
        let configuration = try YAMLDecoder().decode(TelecomCenterConfiguration.self, from: """
            name: "../x"
            apiRoot: ftp://example
            username: "a:b"
            password: ""
            pageSize: 0
            pollIntervalSeconds: -1
            filters: {time_start_gteq: "2020-01-01 00:00"}
            paths: {incomingTrunk: "/abs"}
            """)
        let error = #expect(throws: TelecomCenterError.self) { try configuration.validate() }
        #expect(error?.code == .invalidConfiguration)
        for problem in ["name", "apiRoot", "username", "password", "pageSize", "pollIntervalSeconds", "time_start_gteq", "paths.incomingTrunk"] {
            #expect(error?.message.contains(problem) == true, "\(problem)")
        }
        #expect(throws: DecodingError.self) {
            _ = try YAMLDecoder().decode(TelecomCenterConfiguration.self, from: "name: a\nusername: b\npassword: c\npaths: {outgoing: x}\n")
        }
    }

    @Test("the checkpoint file is replaced atomically, survives a reload, and an unreadable one is an error")
    func checkpointStore() throws {
        let directory = TelecomCenterFixture.temporaryDirectory() + "/nested"
        let store = CDRCheckpointStore(directory: directory, account: "main", collection: .incomingTrunk)
        #expect(store.path.hasSuffix("nested/main.incomingTrunk.json"))
        #expect(try store.load() == nil)
        let mark = try #require(Timestamp(rfc3339: "2026-11-23 10:00")).millisecondsSince1970
        let checkpoint = CDRCheckpoint(mark: "2026-11-23 10:00", markMilliseconds: mark,
                                       recent: [.init(id: "z", time: mark - 60_000), .init(id: "a", time: mark), .init(id: "b", time: mark)], processed: 5)
        #expect(checkpoint.idsAtMark == ["a", "b"])
        try store.save(checkpoint)
        #expect(try store.load() == checkpoint)
        #expect(!FileManager.default.fileExists(atPath: store.path + ".tmp"))
        try Data("{\"version\":1,".utf8).write(to: URL(fileURLWithPath: store.path))
        let error = #expect(throws: TelecomCenterError.self) { _ = try store.load() }
        #expect(error?.code == .checkpointFailed)
    }

    @Test("JSON:API queries encode brackets and keep commas, in a stable order")
    func queryEncoding() {
        let query = JSONAPIQuery(filters: ["time_start_gteq": "2026-11-23 10:00", "customer.id": "7"], sort: ["time_start", "-id"],
                                 include: ["customer", "termination_gateway"], pageNumber: 2, pageSize: 50)
        #expect(query.encoded == "filter%5Bcustomer.id%5D=7&filter%5Btime_start_gteq%5D=2026-11-23%2010%3A00&sort=time_start,-id"
                + "&include=customer,termination_gateway&page%5Bnumber%5D=2&page%5Bsize%5D=50")
        #expect(JSONAPIQuery().encoded == "")
    }

    @Test("the windowed filter is written in the mark's own shape, rounded down")
    func windowedFilterText() throws {
        for (mark, expected) in [("2026-11-23 10:00", "2026-11-23 09:50"), ("2026-11-23 10:00:30", "2026-11-23 09:50:30"),
                                 ("2026-11-23T10:00:30Z", "2026-11-23T09:50:30Z"), ("2026-11-23 00:05", "2026-11-22 23:55")] {
            let milliseconds = try #require(Timestamp(rfc3339: mark)).millisecondsSince1970
            let checkpoint = CDRCheckpoint(mark: mark, markMilliseconds: milliseconds, recent: [.init(id: "1", time: milliseconds)])
            #expect(checkpoint.filter(window: 600_000) == expected)
            #expect(checkpoint.filter(window: 0) == mark)
        }
        // A shape it does not know (a numeric offset) falls back to the mark itself rather than guess a format.
        let odd = "2026-11-23T10:00:00+02:00"
        let checkpoint = CDRCheckpoint(mark: odd, markMilliseconds: Timestamp(rfc3339: odd)?.millisecondsSince1970)
        #expect(checkpoint.filter(window: 600_000) == odd)
    }
}
