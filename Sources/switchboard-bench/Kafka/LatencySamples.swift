/// Per-message latencies in microseconds; -1 marks a message without a delivery report.
struct LatencySamples {
    var microseconds: [Double]

    var delivered: [Double] { microseconds.filter { $0 >= 0 }.sorted() }

    func percentile(_ p: Double) -> Double {
        let sorted = delivered
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// A fixed-size buffer that delivery callbacks on the poll thread write into, one slot each.
final class LatencyBuffer: @unchecked Sendable {
    // @unchecked: every slot is written by exactly one delivery report, and read only after the
    // producer's shutdown has joined the poll thread.
    let slots: UnsafeMutableBufferPointer<Double>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: -1)
    }

    deinit { slots.deallocate() }

    func set(_ index: Int, _ value: Double) { slots[index] = value }
    var samples: LatencySamples { LatencySamples(microseconds: Array(slots)) }
}
