import Logging
import SwitchboardEvents
import SwitchboardNormalizers

/// Polls one CDR collection of a telecom.center account and delivers each CDR once as a
/// `switchboard.call.completed` event, surviving restarts through an on-disk `CDRCheckpoint`.
///
/// A poll asks for `filter[time_start_gteq]=<mark − lateArrivalWindowSeconds>&sort=time_start&page[number]=1&page[size]=N`
/// and follows `links.next` to the last page. Each page's new CDRs are normalized, handed to
/// `CallEventSourceOutput.deliver` (which returns once Kafka acknowledged them or they were
/// spooled), and only then is the checkpoint advanced and saved. So:
/// - a stop at any moment re-reads at most the page that was in flight, and the CDRs remembered
///   in the window keep those already delivered from being emitted again;
/// - CDRs sharing a `time_start` across page boundaries, CDRs that arrive late with a time at
///   the mark or within the window below it, and pages shifted by inserts during a poll are
///   each delivered once;
/// - the next filter is always a `time_start` the server wrote itself, never the local clock, so
///   clock skew between Switchboard and the platform changes nothing.
///
/// Failed polls back off (`errorBackoffSeconds` doubling to `maximumErrorBackoffSeconds`, at least
/// `rateLimitBackoffSeconds` or the server's `Retry-After` after a 429) and start again from the
/// checkpoint. Malformed CDRs are skipped through `output.skipped` (counted and logged by reason)
/// and accounted in the checkpoint, so they are reported once, not on every poll.
public final class TelecomCenterCDRPoller: CallEventSource {
    public let componentName: String
    public let collection: CDRCollection
    private let client: TelecomCenterClient
    private let store: CDRCheckpointStore
    private let normalizer = TelecomCenterNormalizer()
    private let logger: Logger

    private var configuration: TelecomCenterConfiguration { client.configuration }
    private var path: String { configuration.path(of: collection) }

    /// - Parameter store: where the checkpoint lives; `<checkpointDirectory>/<name>.<collection>.json` by default.
    public init(client: TelecomCenterClient, collection: CDRCollection, store: CDRCheckpointStore? = nil,
                logger: Logger = Logger(label: "switchboard.telecomcenter")) {
        let configuration = client.configuration
        self.client = client
        self.collection = collection
        self.store = store ?? CDRCheckpointStore(directory: configuration.checkpointDirectory, account: configuration.name, collection: collection)
        componentName = "telecomcenter:\(configuration.name)/\(collection.rawValue)"
        var logger = logger
        logger[metadataKey: "source"] = .string(componentName)
        self.logger = logger
    }

    /// The pollers of every configured collection of one account.
    public static func pollers(client: TelecomCenterClient, logger: Logger = Logger(label: "switchboard.telecomcenter")) -> [TelecomCenterCDRPoller] {
        client.configuration.collections.map { TelecomCenterCDRPoller(client: client, collection: $0, logger: logger) }
    }

    /// The checkpoint on disk, `nil` before the first delivery.
    public func checkpoint() throws(TelecomCenterError) -> CDRCheckpoint? {
        try store.load()
    }

    public func run(output: CallEventSourceOutput) async throws {
        output.state(.connecting)
        // An unreadable checkpoint is thrown (the runtime retries and reports it): starting
        // from nothing would emit the whole history again.
        var checkpoint = try store.load() ?? CDRCheckpoint()
        var failures = 0
        // Malformed CDRs without a usable time_start cannot enter the checkpoint; remembering
        // them here reports each once per process rather than on every poll.
        var reported = BoundedSet(capacity: 10_000)
        while !Task.isCancelled {
            let wait: Double
            do {
                let delivered = try await poll(from: &checkpoint, reported: &reported, output: output)
                failures = 0
                output.state(.connected(detail: "polling \(path); mark \(checkpoint.mark ?? "none")"))
                if delivered > 0 {
                    logger.debug("CDRs delivered", metadata: ["count": "\(delivered)", "mark": "\(checkpoint.mark ?? "none")"])
                }
                wait = configuration.pollIntervalSeconds
            } catch {
                if error.code == .cancelled || Task.isCancelled { return }
                failures += 1
                wait = backoff(after: error, failures: failures)
                output.state(.disconnected(reason: error.description))
                logger.error("CDR poll failed", metadata: ["error": "\(error)", "retryInSeconds": "\(wait)"])
            }
            do {
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            } catch {
                return
            }
        }
    }

    /// One poll: every page from the checkpoint's mark to the last. Returns the number of events delivered.
    func poll(from checkpoint: inout CDRCheckpoint, reported: inout BoundedSet, output: CallEventSourceOutput) async throws(TelecomCenterError) -> Int {
        let window = Int64((configuration.lateArrivalWindowSeconds * 1000).rounded())
        let start = checkpoint.filter(window: window) ?? configuration.startFrom
        let floor = checkpoint.floor(window: window) ?? configuration.startFrom.flatMap { Timestamp(rfc3339: $0)?.millisecondsSince1970 }
        var filters = configuration.filters
        if let start { filters["time_start_gteq"] = start }
        var query = JSONAPIQuery(filters: filters, sort: ["time_start"], include: configuration.include,
                                 pageNumber: 1, pageSize: configuration.pageSize)
        let context = NormalizationContext(source: configuration.eventSource)
        var delivered = Set(checkpoint.recent.map(\.id))
        var count = 0
        var followed = Set<String>()
        var document = try await client.collection(path, query: query)
        while true {
            let batch = CDRBatch(resources: document.data, alreadyDelivered: delivered, floor: floor, normalizer: normalizer, context: context)
            for skip in batch.skips where skip.id.map({ reported.insert($0) }) ?? true {
                output.skipped(skip.reason, skip.detail)
            }
            if !batch.events.isEmpty {
                do {
                    try await output.deliver(batch.events)
                } catch {
                    throw TelecomCenterError(.deliveryFailed, error.reason, operation: "GET /\(path)")
                }
            }
            // Delivered (or skipped for good): only now does the checkpoint move. No
            // cancellation check between the delivery and the save, or a stop here would
            // deliver the page twice.
            if !batch.records.isEmpty {
                let next = checkpoint.advanced(by: batch.records, window: window)
                try store.save(next)
                checkpoint = next
            }
            delivered.formUnion(batch.ids)
            count += batch.events.count
            if let next = document.next {
                // A server whose next link leads back to a page already read would loop for ever.
                guard followed.insert(next).inserted else {
                    throw TelecomCenterError(.invalidResponse, "links.next repeats a page already read: \(String(next.prefix(200)))",
                                             operation: "GET /\(path)")
                }
                document = try await client.follow(next, of: path)
            } else if !document.hasLinks && document.data.count >= configuration.pageSize {
                // No pagination links at all: page by number until a short page.
                query.pageNumber = (query.pageNumber ?? 1) + 1
                document = try await client.collection(path, query: query)
            } else {
                return count
            }
        }
    }

    /// The wait before the next poll after `failures` failed ones in a row: exponential with
    /// ±20 % jitter, and after a 429 at least `rateLimitBackoffSeconds` or the `Retry-After`.
    private func backoff(after error: TelecomCenterError, failures: Int) -> Double {
        let policy = RetryPolicy(maximumAttempts: Int.max, initialBackoffSeconds: configuration.errorBackoffSeconds,
                                 maximumBackoffSeconds: configuration.maximumErrorBackoffSeconds, multiplier: 2, jitter: 0.2)
        var wait = policy.delay(afterAttempt: min(failures, 64)).map(Self.seconds) ?? configuration.maximumErrorBackoffSeconds
        if !error.isTransient { wait = max(wait, min(configuration.maximumErrorBackoffSeconds, configuration.errorBackoffSeconds * 8)) }
        if error.code == .rateLimited { wait = max(wait, configuration.rateLimitBackoffSeconds) }
        if let retryAfter = error.retryAfter { wait = max(wait, Self.seconds(retryAfter)) }
        return wait
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
