import Foundation
import Logging
import SwitchboardEvents
import SwitchboardNormalizers

/// Reads call history for a time range: windows of at most `historyWindowDays`, every page of
/// each (`limit` = `historyPageSize`, until a short page), each record normalized into a
/// `switchboard.call.completed` event with its recording resolved into a signed URL.
///
/// Used by the signal source to fill the gap after a reconnect and by `switchboard backfill antbuddy`.
public struct AntBuddyHistoryReader: Sendable {
    /// What one read did.
    public struct Counts: Sendable, Hashable {
        public var windows = 0
        public var pages = 0
        public var records = 0
        public var events = 0
        /// Records that could not be normalized (each reported to `skipped`).
        public var skipped = 0
        public var recordingsResolved = 0
        /// Recordings whose URL could not be resolved; the event keeps the file name.
        public var recordingFailures = 0

        public init() {}
    }

    public let client: AntBuddyClient
    private let logger: Logger
    private let normalizer = AntBuddyNormalizer()

    public init(client: AntBuddyClient, logger: Logger = Logger(label: "switchboard.antbuddy")) {
        self.client = client
        self.logger = logger
    }

    /// The windows `read(from:to:)` queries for `[from, to)`.
    public func windows(from: Date, to: Date) -> [AntBuddyHistoryWindow] {
        AntBuddyHistoryWindow.split(from: from, to: to, maximumDays: client.configuration.historyWindowDays)
    }

    /// Reads `[from, to)` oldest window first and hands each page's events to `page`, in order.
    ///
    /// - Parameter skipped: a record that could not be normalized: its reason code and detail.
    /// - Throws: the first request that failed for good (after retries); pages already handed over stay handed over.
    public func read(
        from: Date, to: Date,
        skipped: @Sendable (_ reason: String, _ detail: String) -> Void = { _, _ in },
        page: ([CallEvent]) async throws -> Void
    ) async throws -> Counts {
        let configuration = client.configuration
        let format = AntBuddyHistoryDateFormat(pattern: configuration.historyDateFormat, timeZone: configuration.historyTimeZone)
        var counts = Counts()
        for window in windows(from: from, to: to) {
            counts.windows += 1
            let createdFrom = format.string(from: window.from)
            let createdTo = format.string(from: window.to)
            var number = 1
            while true {
                let records = try await client.historyPage(createdFrom: createdFrom, createdTo: createdTo, page: number, limit: configuration.historyPageSize)
                counts.pages += 1
                counts.records += records.count
                var events: [CallEvent] = []
                events.reserveCapacity(records.count)
                let context = NormalizationContext(source: configuration.eventSource, receivedAt: Timestamp(client.currentDate))
                for (index, record) in records.enumerated() {
                    do throws(NormalizationError) {
                        events += try normalizer.normalize(json: record, context: context)
                    } catch {
                        counts.skipped += 1
                        skipped("history-\(error.code)", "window \(createdFrom)…\(createdTo) page \(number) record \(index): \(error)")
                    }
                }
                if configuration.resolveRecordings {
                    for index in events.indices {
                        guard let media = events[index].data.recording?.reference, events[index].data.recording?.url == nil else { continue }
                        do throws(AntBuddyError) {
                            events[index].data.recording?.url = try await client.recordingURL(media: media)
                            counts.recordingsResolved += 1
                        } catch {
                            if error.code == .cancelled { throw error }
                            counts.recordingFailures += 1
                            logger.warning("recording URL not resolved; the event keeps the file name", metadata: [
                                "callId": .string(events[index].data.callId), "error": .string(error.description),
                            ])
                        }
                    }
                }
                counts.events += events.count
                if !events.isEmpty { try await page(events) }
                guard records.count >= configuration.historyPageSize else { break }
                guard number < configuration.maximumHistoryPages else {
                    logger.error("history window has more pages than maximumHistoryPages; the rest is not read", metadata: [
                        "window": .string("\(createdFrom)…\(createdTo)"), "pages": .stringConvertible(number),
                    ])
                    break
                }
                number += 1
            }
        }
        return counts
    }
}
