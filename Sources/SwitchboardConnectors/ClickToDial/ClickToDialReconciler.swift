import Logging
import SwitchboardEvents
import SwitchboardNormalizers

/// Recovers what the provider's notifications missed for calls Switchboard created.
///
/// Notifications are best-effort on the provider's side (a failed delivery never rolls a call
/// back), so a call that reports no final state within `reconcileAfterSeconds` of its last
/// known change is polled with `GET /calls/{callId}`; a state not seen yet is emitted as a
/// normalized event. Calls whose final notification reported `recordingResult: success` get
/// their recording downloaded (when `recordingDirectory` is set) and announced.
///
/// `run()` is the long-running task; it ends when its task is cancelled. Feed it with
/// `track(_:)` (calls created through the client) and `observe(_:)` or `notice(_:)` (every
/// event the webhook produced). The clock is injected so tests move time by hand.
public actor ClickToDialReconciler<C: Clock>: ClickToDialCallTracker where C.Duration == Duration {
    private struct TrackedCall {
        /// The CAMARA state last seen (created, notified or polled).
        var lastState: String
        var due: C.Instant
        var givesUpAt: C.Instant
        var order: UInt64
    }

    public typealias Emit = @Sendable ([CallEvent]) async -> Void

    private let client: ClickToDialClient
    private let clock: C
    private let emit: Emit
    private let logger: Logger
    private let normalizer = ClickToDialNormalizer()
    private let reconcileAfter: Duration
    private let interval: Duration
    private let giveUpAfter: Duration
    private let capacity: Int
    private var calls: [String: TrackedCall] = [:]
    private var recordingsWanted: [String] = []
    private var recordingsSeen = BoundedSet(capacity: 10_000)
    /// Calls whose final notification arrived, possibly before `POST /calls` answered and the
    /// call was tracked: tracking them then would only poll a call already known to be over.
    private var finished = BoundedSet(capacity: 10_000)
    private var sequence: UInt64 = 0
    /// Events handed over by `notice(_:)`, observed in order by `run()`.
    private nonisolated let notices: (stream: AsyncStream<CallEvent>, continuation: AsyncStream<CallEvent>.Continuation)

    public init(client: ClickToDialClient, clock: C, logger: Logger = Logger(label: "switchboard.clicktodial"), emit: @escaping Emit) {
        let configuration = client.configuration
        self.client = client
        self.clock = clock
        self.emit = emit
        self.logger = logger
        reconcileAfter = .milliseconds(Int64(configuration.reconcileAfterSeconds * 1000))
        interval = .milliseconds(Int64(configuration.reconcileIntervalSeconds * 1000))
        giveUpAfter = .milliseconds(Int64(configuration.reconcileGiveUpSeconds * 1000))
        capacity = configuration.maximumTrackedCalls
        notices = AsyncStream.makeStream(of: CallEvent.self, bufferingPolicy: .bufferingNewest(Self.noticeBuffer))
    }

    /// How many noticed events wait for `run()` at most; the oldest are dropped beyond (their
    /// calls are then polled, which is what the reconciler is for).
    static var noticeBuffer: Int { 10_000 }

    /// Takes note of `event` as `observe(_:)` does, from any thread and without waiting, so the
    /// router can tell the reconciler from an event loop. `run()` observes them in order.
    public nonisolated func notice(_ event: CallEvent) {
        guard event.platform == .clicktodial else { return }
        notices.continuation.yield(event)
    }

    /// The ids of the calls still waiting for a final state.
    public var trackedCallIds: Set<String> { Set(calls.keys) }

    /// Starts following a call created through the client.
    public func track(_ call: ClickToDialCallResource) {
        guard !call.isFinal, !finished.contains(call.callId) else { return }
        let now = clock.now
        if calls[call.callId] == nil, calls.count >= capacity, let oldest = calls.min(by: { $0.value.order < $1.value.order }) {
            calls.removeValue(forKey: oldest.key)
            logger.warning("click-to-dial reconciler full; forgetting the oldest call", metadata: ["callId": "\(oldest.key)"])
        }
        sequence += 1
        calls[call.callId] = TrackedCall(lastState: call.status, due: now.advanced(by: reconcileAfter),
                                         givesUpAt: now.advanced(by: giveUpAfter), order: sequence)
    }

    /// Takes note of an event the webhook produced: a final state ends the tracking, any other
    /// state moves the poll later; a successful recording is queued for download.
    public func observe(_ event: CallEvent) {
        guard event.platform == .clicktodial, event.type != .recordingAvailable else { return }
        let callId = event.data.callId
        let final = event.data.state == .ended || event.data.state == .failed
        if final {
            _ = finished.insert(callId)
            if event.data.recording?.status == "success" { wantRecording(callId) }
        }
        guard var call = calls[callId] else { return }
        if final {
            calls.removeValue(forKey: callId)
        } else {
            call.lastState = event.data.platformState
            call.due = clock.now.advanced(by: reconcileAfter)
            calls[callId] = call
        }
    }

    /// Polls due calls and downloads wanted recordings every `reconcileIntervalSeconds` until
    /// the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in self.notices.stream { await self.observe(event) }
            }
            while !Task.isCancelled {
                await reconcileNow()
                do {
                    try await clock.sleep(for: interval)
                } catch {
                    break
                }
            }
            group.cancelAll()
        }
    }

    /// One pass: polls every due call and downloads every wanted recording, then emits what it
    /// found in one batch.
    public func reconcileNow() async {
        var found: [CallEvent] = []
        let now = clock.now
        let due = calls.filter { $0.value.due <= now }.sorted { $0.value.order < $1.value.order }
        for (callId, tracked) in due {
            if tracked.givesUpAt <= now {
                calls.removeValue(forKey: callId)
                logger.warning("click-to-dial call never reached a final state; no longer reconciled", metadata: ["callId": "\(callId)"])
                continue
            }
            found += await poll(callId)
        }
        while !recordingsWanted.isEmpty, !Task.isCancelled {
            let callId = recordingsWanted.removeFirst()
            if let event = await download(callId) { found.append(event) }
        }
        if !found.isEmpty { await emit(found) }
    }

    private func poll(_ callId: String) async -> [CallEvent] {
        let resource: ClickToDialCallResource
        do throws(ClickToDialError) {
            resource = try await client.call(callId)
        } catch {
            if error.isNotFound {
                calls.removeValue(forKey: callId)
                logger.warning("click-to-dial call unknown to the provider; no longer reconciled", metadata: ["callId": "\(callId)"])
            } else {
                postpone(callId)
                logger.warning("click-to-dial reconciliation failed; will retry", metadata: ["callId": "\(callId)", "error": "\(error)"])
            }
            return []
        }
        // A notification may have ended the tracking while the request was under way.
        guard let tracked = calls[callId] else { return [] }
        let event: CallEvent
        do {
            event = try normalizer.normalizeEvent(resource.json, context: NormalizationContext(source: client.configuration.eventSource))
        } catch {
            postpone(callId)
            logger.warning("click-to-dial call resource not normalizable", metadata: ["callId": "\(callId)", "error": "\(error)"])
            return []
        }
        if resource.isFinal {
            calls.removeValue(forKey: callId)
            if resource.recordingEnabled == true { wantRecording(callId) }
        } else {
            postpone(callId)
            calls[callId]?.lastState = resource.status
        }
        return resource.status == tracked.lastState ? [] : [event]
    }

    private func download(_ callId: String) async -> CallEvent? {
        do throws(ClickToDialError) {
            let recording = try await client.downloadRecording(callId)
            return client.recordingEvent(recording)
        } catch {
            logger.warning("click-to-dial recording not downloaded", metadata: ["callId": "\(callId)", "error": "\(error)"])
            return nil
        }
    }

    private func wantRecording(_ callId: String) {
        guard client.configuration.recordingDirectory != nil, recordingsSeen.insert(callId) else { return }
        recordingsWanted.append(callId)
    }

    private func postpone(_ callId: String) {
        calls[callId]?.due = clock.now.advanced(by: reconcileAfter)
    }
}

extension ClickToDialReconciler where C == ContinuousClock {
    /// A reconciler on the real clock.
    public init(client: ClickToDialClient, logger: Logger = Logger(label: "switchboard.clicktodial"), emit: @escaping Emit) {
        self.init(client: client, clock: ContinuousClock(), logger: logger, emit: emit)
    }
}
