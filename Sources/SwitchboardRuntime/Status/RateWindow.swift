import Foundation

/// Counts per second over a sliding window (one bucket per second), for "events per second over
/// the last minute" without keeping one timestamp per event.
struct RateWindow: Sendable {
    let seconds: Int
    private var buckets: [(second: Int, count: Int)]
    private let startedAt: Int

    init(seconds: Int = 60, now: Date = Date()) {
        self.seconds = max(1, seconds)
        buckets = Array(repeating: (second: -1, count: 0), count: self.seconds)
        startedAt = Int(now.timeIntervalSince1970)
    }

    mutating func add(_ count: Int = 1, at now: Date = Date()) {
        let second = Int(now.timeIntervalSince1970)
        let index = second % seconds
        if buckets[index].second != second { buckets[index] = (second, 0) }
        buckets[index].count += count
    }

    /// Total in the window ending at `now`.
    func total(at now: Date = Date()) -> Int {
        let current = Int(now.timeIntervalSince1970)
        return buckets.reduce(0) { sum, bucket in
            bucket.second > current - seconds && bucket.second <= current ? sum + bucket.count : sum
        }
    }

    /// The mean per second over the window, or over the time since start when that is shorter
    /// (so a fresh process does not under-report by averaging over seconds it did not live).
    func perSecond(at now: Date = Date()) -> Double {
        let lived = Int(now.timeIntervalSince1970) - startedAt + 1
        return Double(total(at: now)) / Double(min(seconds, max(1, lived)))
    }
}
