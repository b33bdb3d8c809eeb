import Foundation
import SwitchboardEvents
import SwitchboardNormalizers
import Testing

/// Every example payload of the platform documents (and the extra realistic ones beside them)
/// normalizes into schema-valid events that round-trip.
@Suite("Normalizers: document examples and fixtures")
struct DocumentExamplesTests {
    /// What each fixture must produce: the CloudEvents types, in order.
    static let expected: [Platform: [String: [CallEventType]]] = [
        .thello: [
            "frame-two-records.bin": [.queueEntered, .queueFirst],
            "null-arguments.json": [.queueEntered],
            "queue-answered.json": [.queueAnswered],
            "queue-enter.json": [.queueEntered],
            "queue-fallback.json": [.queueFallback],
            "queue-first.json": [.queueFirst],
            "queue-hangup.json": [.queueHangup],
            "unknown-event.json": [.blocEvent],
        ],
        .telnect: [
            "callback-early.json": [.progress],
            "callback-ringing-no-number-block.json": [.ringing],
            "doc-call-history.json": [.completed],
            "doc-create-call-response.json": [.initiated],
            "doc-get-call-information.json": [.initiated],
            "ws-envelope-answered.json": [.answered],
            "ws-envelope-hangup-with-reason.json": [.ended],
            "ws-envelope-incoming.json": [.ringing],
            "ws-error.json": [.failed],
        ],
        .clicktodial: [
            "batch.json": [.initiated, .ringing, .ended],
            "calling-caller.json": [.ringing],
            "doc-create-call-response.json": [.initiated],
            "failed-callee-busy.json": [.failed],
            "flat-status-connected.json": [.answered],
            "openapi-call-status-changed.json": [.ended],
        ],
        .antbuddy: [
            "doc-history-record.json": [.completed],
            "history-page.json": [.completed, .completed],
            "signal-envelope-hangup.json": [.ended],
            "signal-ringing.json": [.ringing],
        ],
        .telecomcenter: [
            "doc-incoming-trunk-cdrs.json": [.completed],
            "doc-termination-cdrs.json": [.completed],
            "empty-page.json": [],
            "incoming-trunk-cdr-single.json": [.completed],
            "termination-cdrs-page.json": [.completed, .completed],
        ],
    ]

    static func normalizeAllFixtures() throws -> [(platform: Platform, name: String, events: [CallEvent])] {
        var results: [(Platform, String, [CallEvent])] = []
        for platform in Platform.allCases {
            for name in try TestSupport.fixtureNames(platform) {
                let bytes = try TestSupport.fixture(platform, name)
                results.append((platform, name, try Normalizers.normalizer(for: platform).normalize(bytes, context: TestSupport.context)))
            }
        }
        return results
    }

    @Test("every fixture is listed with its expected event types", arguments: Platform.allCases)
    func everyFixtureIsListed(platform: Platform) throws {
        let names = try TestSupport.fixtureNames(platform)
        #expect(!names.isEmpty, "no fixtures for \(platform.rawValue)")
        #expect(Set(names) == Set(Self.expected[platform]?.keys.map { $0 } ?? []), "fixture files and the expectation table differ")
    }

    @Test("each fixture gives the expected events, stamped with the platform", arguments: Platform.allCases)
    func fixturesNormalize(platform: Platform) throws {
        for (name, types) in Self.expected[platform] ?? [:] {
            let events = try Normalizers.normalizer(for: platform).normalize(try TestSupport.fixture(platform, name), context: TestSupport.context)
            #expect(events.map(\.type) == types, "\(platform.rawValue)/\(name)")
            for event in events {
                #expect(event.platform == platform)
                #expect(!event.id.isEmpty && !event.partitionKey.isEmpty && !event.data.callId.isEmpty)
                #expect(event.subject == event.data.callId)
                #expect(event.time != nil)
                #expect(event.data.original != .null, "the original payload is kept")
            }
        }
    }

    @Test("all normalized fixtures validate against schemas/call-event.v1.json")
    func fixturesValidateAgainstSchema() throws {
        let events = try Self.normalizeAllFixtures().flatMap(\.events)
        #expect(events.count > 30)
        let outcome = try SchemaValidator.validate(events)
        #expect(outcome.status == 0, "schema violations:\n\(outcome.violations)")
    }

    @Test("a switchboard.action.failed event built from any normalized event validates and round-trips")
    func actionFailedValidatesAgainstSchema() throws {
        let causes = try Self.normalizeAllFixtures().compactMap(\.events.first)
        let failure = ActionFailure(action: "antbuddy.clickToCall", rule: "ring-desk", code: "AB_DEVICE_OFFLINE",
                                    message: "device offline", arguments: ["number": "0901", "sipUser": "desk-42"], cause: "")
        let failed = causes.map { cause in
            var failure = failure
            failure.cause = cause.id
            return cause.actionFailed(failure)
        }
        let outcome = try SchemaValidator.validate(failed)
        #expect(outcome.status == 0, "schema violations:\n\(outcome.violations)")
        for (event, cause) in zip(failed, causes) {
            #expect(event.type == .actionFailed && event.partitionKey == cause.partitionKey && event.id != cause.id)
            #expect(try CallEvent(json: event.jsonValue()) == event)
        }
    }

    @Test("the schema check is not vacuous: a broken event is refused")
    func validatorRefusesBrokenEvent() throws {
        let event = try #require(try Self.normalizeAllFixtures().first { $0.platform == .thello }?.events.first)
        var json = event.jsonValue()
        guard case .object(var members) = json, case .object(var data) = members["data"] else {
            Issue.record("an event is a JSON object")
            return
        }
        data["state"] = "somewhere"
        members["data"] = .object(data)
        json = .object(members)
        let outcome = try SchemaValidator.validate(lines: [json.jsonString()])
        #expect(outcome.status == 1)
        #expect(outcome.violations.contains("data/state"))
    }

    @Test("normalized events encode and decode back equal")
    func roundTrip() throws {
        for (platform, name, events) in try Self.normalizeAllFixtures() {
            for event in events {
                let decoded = try CallEvent.decode(event.encoded())
                #expect(decoded == event, "\(platform.rawValue)/\(name) \(event.id)")
            }
        }
    }

    @Test("normalizing the same bytes twice gives the same ids (re-deliveries deduplicate)")
    func idsAreStable() throws {
        let later = NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: TestSupport.receivedAt.millisecondsSince1970 + 60_000))
        for platform in Platform.allCases {
            for name in try TestSupport.fixtureNames(platform) {
                let bytes = try TestSupport.fixture(platform, name)
                let first = try Normalizers.normalizer(for: platform).normalize(bytes, context: TestSupport.context)
                let second = try Normalizers.normalizer(for: platform).normalize(bytes, context: later)
                #expect(first.map(\.id) == second.map(\.id), "\(platform.rawValue)/\(name)")
                #expect(Set(first.map(\.id)).count == first.count, "ids within one payload are distinct")
            }
        }
    }
}
