import SwitchboardEvents

/// How far a CDR poller has delivered: the high-water mark of `time_start` and the ids of the
/// CDRs delivered at exactly that mark.
///
/// The next poll asks for `filter[time_start_gteq]=<mark>` — the server's own text, sent back
/// verbatim, so neither the local clock nor a reformatting ever moves the window — and skips
/// the ids listed here. CDRs sharing the mark across page boundaries, and CDRs that arrive late
/// with a time at the mark, are therefore delivered exactly once.
public struct CDRCheckpoint: Sendable, Hashable, Codable {
    /// The format of the file; a newer one is refused rather than misread.
    public static let currentVersion = 1

    public var version: Int
    /// `time_start` of the newest delivered CDR, exactly as the server wrote it; `nil` before the first.
    public var mark: String?
    /// `mark` parsed (milliseconds since 1970, UTC), for ordering CDRs against it.
    public var markMilliseconds: Int64?
    /// Ids of the CDRs delivered (or skipped as malformed) whose `time_start` equals the mark, sorted.
    public var idsAtMark: [String]
    /// How many CDRs this checkpoint has accounted for since it was created (informational).
    public var processed: Int64

    public init(mark: String? = nil, markMilliseconds: Int64? = nil, idsAtMark: [String] = [], processed: Int64 = 0) {
        self.version = Self.currentVersion
        self.mark = mark
        self.markMilliseconds = markMilliseconds
        self.idsAtMark = idsAtMark
        self.processed = processed
    }

    /// The checkpoint after `records` (each with its id and parsed `time_start`, and the raw
    /// text) were delivered. Records older than the mark leave it alone; a newer one moves it and
    /// starts a new id set; one at the mark joins the set.
    func advanced(by records: [(id: String, time: Timestamp, text: String)]) -> CDRCheckpoint {
        var next = self
        var ids = Set(idsAtMark)
        for record in records {
            let milliseconds = record.time.millisecondsSince1970
            if let current = next.markMilliseconds, milliseconds < current { continue }
            if next.markMilliseconds == nil || milliseconds > next.markMilliseconds! {
                next.mark = record.text
                next.markMilliseconds = milliseconds
                ids.removeAll()
            }
            ids.insert(record.id)
        }
        next.idsAtMark = ids.sorted()
        next.processed += Int64(records.count)
        return next
    }
}
