import Foundation

/// What a spool replay did.
public struct ReplaySummary: Sendable, Hashable {
    /// Entries read from the spool.
    public var total: Int
    /// Entries Kafka acknowledged; they are gone from the spool.
    public var delivered: Int
    /// Entries that failed again and are back in the spool.
    public var spooledAgain: Int

    public init(total: Int = 0, delivered: Int = 0, spooledAgain: Int = 0) {
        self.total = total
        self.delivered = delivered
        self.spooledAgain = spooledAgain
    }
}

extension KafkaProducer {
    /// Re-sends every spooled event (keeping its topic and mode) and removes what was delivered.
    /// What fails again goes back to the spool with its attempt count raised, so nothing is lost
    /// even if the process dies mid-replay (the file being replayed is kept until the end).
    public func replaySpool() async throws(KafkaError) -> ReplaySummary {
        var summary = ReplaySummary()
        let files = FileManager.default
        // A `.replaying` file left by an interrupted replay goes first.
        if files.fileExists(atPath: spool.replayingPath) {
            try await replay(file: spool.replayingPath, into: &summary)
        }
        // Then the spool as it is now, once: what fails during this replay stays for the next.
        if files.fileExists(atPath: spool.path) {
            // A damaged spool is refused before it is moved aside, so the user finds it where it was.
            _ = try spool.read()
            guard let file = try spool.beginReplay() else { return summary }
            try await replay(file: file, into: &summary)
        }
        return summary
    }

    private func replay(file: String, into summary: inout ReplaySummary) async throws(KafkaError) {
        let entries = try spool.read(file)
        let items = entries.map {
            OutgoingItem(record: CloudEventsKafkaBinding.encode($0.event, mode: $0.mode), event: $0.event, topic: $0.topic, mode: $0.mode, attempts: $0.attempts + 1)
        }
        for result in try await sendMany(items) {
            if try result.get().isDelivered { summary.delivered += 1 } else { summary.spooledAgain += 1 }
        }
        summary.total += entries.count
        try spool.finishReplay(file)
    }
}
