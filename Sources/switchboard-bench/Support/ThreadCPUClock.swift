import Foundation

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`): what the single-threaded
/// benchmarks report, because other processes on the shared machine inflate it far less than
/// wall-clock time.
enum ThreadCPUClock {
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Thread CPU microseconds per call of `body`, after 1,000 warm-up calls, calling it in
    /// runs of 200 for about `seconds` of wall time.
    static func microsecondsPerCall(seconds: Double, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<1000 { try body() }
        let wallStart = ContinuousClock.now
        let cpuStart = Self.seconds()
        var calls = 0
        while ContinuousClock.now - wallStart < .milliseconds(Int64(seconds * 1000)) {
            for _ in 0..<200 { try body() }
            calls += 200
        }
        return (Self.seconds() - cpuStart) / Double(calls) * 1e6
    }
}
