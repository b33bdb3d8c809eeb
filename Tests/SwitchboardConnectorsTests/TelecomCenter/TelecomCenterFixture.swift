import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Synchronization

/// CDR resources shaped as the Operator API document shows them, configurations against a
/// `TelecomCenterTestServer`, and a recording `CallEventSourceOutput`.
enum TelecomCenterFixture {
    /// A termination CDR (`termination cdrs` in the document's example) starting at `time`.
    static func termination(_ id: String, _ time: String, duration: Int64 = 42, code: Int64 = 200) -> JSONValue {
        .object([
            "id": .string(id), "type": "termination_cdrs",
            "attributes": .object([
                "aleg_reason": "OK", "src_name_in": "Alice", "src_number_in": "+37120000001", "dst_number_in": "+37120000002",
                "orig_call_id": .string("orig-\(id)"), "local_tag": "lt", "global_tag": "gt", "duration": .integer(duration),
                "aleg_code": .integer(code), "time_start": .string(time), "time_connect": .string(time), "time_end": .string(time),
            ]),
            "relationships": .object([
                "customer": .object(["data": .object(["id": "123", "type": "customers"])]),
                "termination_route": .object(["data": .object(["id": "r-9", "type": "termination_routes"])]),
                "termination_gateway": .object(["data": .object(["id": "g-4", "type": "termination_gateways"])]),
            ]),
        ])
    }

    /// An incoming-trunk CDR (numeric attributes as strings, as the document types them).
    static func incoming(_ id: String, _ time: String) -> JSONValue {
        .object([
            "id": .string(id), "type": "incoming_trunk_cdrs",
            "attributes": .object([
                "duration": "17", "src_name": "Bob", "src_number": "+37120000003", "dst_number": "+37120000004",
                "did_number": "+37120000004", "lega_disconnect_code": "200", "lega_disconnect_reason": "OK",
                "lega_call_id": .string("lega-\(id)"), "success": "true",
                "time_start": .string(time), "time_end": .string(time), "time_connect": .string(time),
            ]),
            "relationships": .object([
                "customer": .object(["data": .object(["id": "123", "type": "customers"])]),
                "incoming_trunk": .object(["data": .object(["id": "t-1", "type": "incoming_trunks"])]),
            ]),
        ])
    }

    /// `count` CDRs in the document's minute format starting at `base`, several per minute (so
    /// equal timestamps straddle page boundaries), ids not in time order.
    static func generated(_ count: Int, base: Date, prefix: String, incoming: Bool = false, perMinute: Int = 4) -> [JSONValue] {
        (0..<count).map { index in
            let time = minuteText(base.addingTimeInterval(Double(index / perMinute) * 60))
            // Ids scrambled relative to time, so the server's tie order (by id) interleaves.
            let id = "\(prefix)-\(String(format: "%04d", (index * 7919) % 10_000))"
            return incoming ? Self.incoming(id, time) : termination(id, time)
        }
    }

    /// `yyyy-MM-dd HH:mm` in UTC, the document's `time_start` form.
    static func minuteText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func configuration(_ server: TelecomCenterTestServer, directory: String, pageSize: Int = 7, password: String = TelecomCenterTestServer.password,
                              collections: [CDRCollection] = CDRCollection.allCases, filters: [String: String] = [:],
                              include: [String] = [], maximumAttempts: Int = 3, rateLimitBackoffSeconds: Double = 1) -> TelecomCenterConfiguration {
        TelecomCenterConfiguration(
            name: "test", apiRoot: server.apiRoot, username: TelecomCenterTestServer.username, password: password,
            collections: collections, pageSize: pageSize, include: include, filters: filters,
            pollIntervalSeconds: 0.05, errorBackoffSeconds: 0.05, maximumErrorBackoffSeconds: 0.5, rateLimitBackoffSeconds: rateLimitBackoffSeconds,
            requestTimeoutSeconds: 30, checkpointDirectory: directory,
            retry: RetryPolicy(maximumAttempts: maximumAttempts, initialBackoffSeconds: 0.01, maximumBackoffSeconds: 0.05, jitter: 0.5)
        )
    }

    /// A poller of `collection` under `configuration`, running in a task, and what it recorded.
    static func start(_ configuration: TelecomCenterConfiguration, _ collection: CDRCollection) throws
        -> (poller: TelecomCenterCDRPoller, recorder: RecordingSourceOutput, task: Task<Void, Never>) {
        let poller = TelecomCenterCDRPoller(client: try TelecomCenterClient(configuration: configuration), collection: collection)
        let recorder = RecordingSourceOutput()
        return (poller, recorder, recorder.start(poller))
    }

    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("telecomcenter-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Waits until `condition` holds, polling; `false` after `seconds`.
    static func eventually(_ seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// A `CallEventSourceOutput` that records what a source delivers, its states and its skips, and
/// can stop the source at a chosen point (cancel after the Nth delivered event, or refuse one delivery).
final class RecordingSourceOutput: Sendable {
    struct State: Sendable {
        var delivered: [CallEvent] = []
        var states: [SourceConnectionState] = []
        var skipped: [(reason: String, detail: String)] = []
        var cancelAfter: Int?
        var refuseNext = 0
        /// Runs once, right after the first accepted delivery (to change the server mid-poll).
        var afterFirstDelivery: (@Sendable ([CallEvent]) -> Void)?
        var task: Task<Void, Never>?
    }

    let state = Mutex(State())

    var output: CallEventSourceOutput {
        CallEventSourceOutput(
            emit: { events in self.state.withLock { $0.delivered += events } },
            state: { value in self.state.withLock { $0.states.append(value) } },
            skipped: { reason, detail in self.state.withLock { $0.skipped.append((reason, detail)) } },
            deliver: { events throws(CallEventDeliveryError) in
                let refused = self.state.withLock { state -> Bool in
                    guard state.refuseNext > 0 else { return false }
                    state.refuseNext -= 1
                    return true
                }
                if refused { throw CallEventDeliveryError(reason: "Kafka and spool unavailable (scripted)") }
                let (stop, hook) = self.state.withLock { state -> (Task<Void, Never>?, (@Sendable ([CallEvent]) -> Void)?) in
                    state.delivered += events
                    let hook = state.afterFirstDelivery
                    state.afterFirstDelivery = nil
                    guard let limit = state.cancelAfter, state.delivered.count >= limit else { return (nil, hook) }
                    state.cancelAfter = nil
                    return (state.task, hook)
                }
                hook?(events)
                // Accepted, then the process stops: the poller must still save its checkpoint.
                stop?.cancel()
            }
        )
    }

    var deliveredIds: [String] { state.withLock { $0.delivered.compactMap { $0.data.relatedIds["cdrId"] } } }
    var skipped: [(reason: String, detail: String)] { state.withLock { $0.skipped } }
    var states: [SourceConnectionState] { state.withLock { $0.states } }

    /// Runs `poller` in a task recorded for `cancelAfter`.
    func start(_ poller: TelecomCenterCDRPoller) -> Task<Void, Never> {
        let output = self.output
        let task = Task { _ = try? await poller.run(output: output) }
        state.withLock { $0.task = task }
        return task
    }
}
