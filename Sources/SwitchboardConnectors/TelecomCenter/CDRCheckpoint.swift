import SwitchboardEvents

/// How far a CDR poller has delivered: the high-water mark of `time_start`, and the CDRs
/// delivered within the late-arrival window below it.
///
/// The next poll asks for `filter[time_start_gteq]=<mark − window>` and skips the CDRs listed
/// here, so CDRs sharing the mark across page boundaries, and CDRs that arrive late with a time
/// inside the window (a long call's CDR is written when it ends, with its start time), are
/// delivered exactly once. The filter is always derived from a time the server wrote — the mark
/// text itself when the window is 0 — never from the local clock.
public struct CDRCheckpoint: Sendable, Hashable, Codable {
    /// The format of the file; a newer one is refused rather than misread.
    public static let currentVersion = 1

    /// A CDR remembered because its `time_start` is within the window.
    public struct Entry: Sendable, Hashable, Codable {
        public var id: String
        /// `time_start` in milliseconds since 1970 (UTC, or the server's zone-less wall time).
        public var time: Int64

        public init(id: String, time: Int64) {
            self.id = id
            self.time = time
        }
    }

    public var version: Int
    /// `time_start` of the newest delivered CDR, exactly as the server wrote it; `nil` before the first.
    public var mark: String?
    /// `mark` parsed, for ordering CDRs against it.
    public var markMilliseconds: Int64?
    /// The CDRs delivered (or skipped as malformed) with `time_start` ≥ mark − window, by time then id.
    public var recent: [Entry]
    /// How many CDRs this checkpoint has accounted for since it was created (informational).
    public var processed: Int64

    public init(mark: String? = nil, markMilliseconds: Int64? = nil, recent: [Entry] = [], processed: Int64 = 0) {
        self.version = Self.currentVersion
        self.mark = mark
        self.markMilliseconds = markMilliseconds
        self.recent = recent
        self.processed = processed
    }

    /// Ids of the remembered CDRs whose `time_start` equals the mark, sorted.
    public var idsAtMark: [String] {
        recent.filter { $0.time == markMilliseconds }.map(\.id).sorted()
    }

    /// The lowest `time_start` (milliseconds) a poll must still consider: mark − window.
    public func floor(window: Int64) -> Int64? {
        markMilliseconds.map { $0 - window }
    }

    /// The `filter[time_start_gteq]` of the next poll: the mark as the server wrote it, or with a
    /// window, mark − window written in the mark's own shape (rounded down to its precision); a
    /// mark of a shape `CDRTimeText` does not know gives the mark itself (the window then covers
    /// only the mark). `window` is in milliseconds.
    public func filter(window: Int64) -> String? {
        guard let mark, let markMilliseconds else { return nil }
        guard window > 0 else { return mark }
        return CDRTimeText.text(milliseconds: markMilliseconds - window, shapedLike: mark) ?? mark
    }

    /// The checkpoint after `records` were delivered: the mark moves to the newest time, the
    /// records join `recent`, and what fell below mark − window is forgotten.
    func advanced(by records: [(id: String, time: Timestamp, text: String)], window: Int64) -> CDRCheckpoint {
        var next = self
        for record in records where next.markMilliseconds.map({ record.time.millisecondsSince1970 > $0 }) ?? true {
            next.mark = record.text
            next.markMilliseconds = record.time.millisecondsSince1970
        }
        var byId = Dictionary(recent.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for record in records { byId[record.id] = Entry(id: record.id, time: record.time.millisecondsSince1970) }
        let floor = next.floor(window: window) ?? Int64.min
        next.recent = byId.values.filter { $0.time >= floor }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        next.processed += Int64(records.count)
        return next
    }
}
