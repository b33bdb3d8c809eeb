import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardEvents

/// `switchboard backfill antbuddy`: reads an account's call history for a range and routes every
/// record through the router `serve` uses (rules → Kafka), page by page, oldest first.
public enum AntBuddyBackfill {
    /// What a backfill did.
    public struct Summary: Sendable, Hashable, CustomStringConvertible {
        public var history: AntBuddyHistoryReader.Counts
        /// Events the router accepted (published, or spooled when Kafka refused them).
        public var routed = 0

        public var description: String {
            "\(history.windows) windows, \(history.pages) pages, \(history.records) records, \(history.events) events routed \(routed), "
                + "\(history.skipped) skipped, recordings resolved \(history.recordingsResolved), unresolved \(history.recordingFailures)"
        }
    }

    /// Why a backfill stopped early.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What was done before it stopped.
        public var summary: Summary
        public var reason: String

        public var description: String { "\(reason) (after \(summary))" }
    }

    /// `run(client:…)` with a client for `account`; an invalid account is a `Failure` before any request.
    public static func run(
        account: AntBuddyConfiguration, from: Date, to: Date, sink: any EventSink,
        logger: Logger = Logger(label: "switchboard.backfill")
    ) async throws(Failure) -> Summary {
        let client: AntBuddyClient
        do {
            client = try AntBuddyClient(configuration: account, logger: logger)
        } catch {
            throw Failure(summary: Summary(history: .init()), reason: "sources.antbuddy.\(account.name): \(error)")
        }
        return try await run(client: client, from: from, to: to, sink: sink, logger: logger)
    }

    /// Reads `[from, to)` and hands each page to `sink`; a saturated sink is waited for, an
    /// unavailable one stops the backfill (what was routed stays routed).
    public static func run(
        client: AntBuddyClient, from: Date, to: Date, sink: any EventSink,
        logger: Logger = Logger(label: "switchboard.backfill")
    ) async throws(Failure) -> Summary {
        let reader = AntBuddyHistoryReader(client: client, logger: logger)
        var routed = 0
        do {
            let counts = try await reader.read(from: from, to: to, skipped: { reason, detail in
                logger.warning("history record skipped", metadata: ["reason": .string(reason), "detail": .string(detail)])
            }) { events in
                // The router awaits each Kafka delivery, so one call's events are routed in order
                // while the calls of a page (one record each) are routed concurrently.
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for calls in Dictionary(grouping: events, by: \.partitionKey).values {
                        group.addTask { try await accept(calls, sink: sink) }
                    }
                    for try await count in group { routed += count }
                }
            }
            return Summary(history: counts, routed: routed)
        } catch let failure as RouterRefused {
            throw Failure(summary: Summary(history: .init(), routed: routed), reason: "the router refused events: \(failure.reason)")
        } catch {
            throw Failure(summary: Summary(history: .init(), routed: routed), reason: "\(error)")
        }
    }

    /// Hands `events` to `sink`, waiting while it is saturated; returns how many were routed.
    private static func accept(_ events: [CallEvent], sink: any EventSink) async throws -> Int {
        var delay: Duration = .milliseconds(100)
        while true {
            do throws(EventSinkError) {
                try await sink.accept(events)
                return events.count
            } catch .saturated {
                // The router's action queue is full: wait, then send the same events again.
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            } catch .unavailable(let reason) {
                throw RouterRefused(reason: reason)
            }
        }
    }

    private struct RouterRefused: Error {
        var reason: String
    }
}
