import Foundation
import NIOHTTP1
import Synchronization

/// The account's rate-limit window as the API last described it (`X-RateLimit-Remaining`,
/// `X-RateLimit-Reset`): when no request is left, the next one waits for the reset instead of
/// spending an attempt on a certain 429.
///
/// Limits are per token, so one instance is shared by every request of an account (actions,
/// history, provisioning).
final class TelnectRateLimit: Sendable {
    private struct Window {
        var remaining: Int?
        var resetAt: Date?
    }

    private let window = Mutex(Window())
    private let maximumWait: Double
    private let now: @Sendable () -> Date

    init(maximumWaitSeconds: Double, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumWait = maximumWaitSeconds
        self.now = now
    }

    /// Reads the headers of an answer. Missing or unreadable headers leave the window as it was.
    func observe(_ headers: HTTPHeaders) {
        let remaining = headers.first(name: "X-RateLimit-Remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let reset = headers.first(name: "X-RateLimit-Reset").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard remaining != nil || reset != nil else { return }
        let current = now()
        window.withLock { window in
            if let remaining { window.remaining = max(0, remaining) }
            // The document says a Unix timestamp; small values are read as seconds from now, the
            // other convention in use, rather than as a moment in 1970.
            if let reset { window.resetAt = reset > 1_000_000_000 ? Date(timeIntervalSince1970: reset) : current.addingTimeInterval(reset) }
        }
    }

    /// Waits while the window is closed, then takes one request from it.
    /// - Throws: `TELNECT_RATE_LIMITED` when the reset is further away than the configured
    ///   maximum; `CancellationError` when cancelled while waiting.
    func acquire() async throws {
        while true {
            let current = now()
            let wait: Double? = try window.withLock { window throws(TelnectError) -> Double? in
                if window.remaining == 0, let resetAt = window.resetAt, resetAt > current {
                    let seconds = resetAt.timeIntervalSince(current)
                    guard seconds <= maximumWait else {
                        throw TelnectError(.rateLimited, "no requests left until the rate-limit reset in \(Int(seconds.rounded(.up))) s")
                    }
                    return seconds
                }
                if window.remaining == 0 {
                    // The reset has passed: the window is open again, its size unknown until the next answer.
                    window.remaining = nil
                    window.resetAt = nil
                } else if let remaining = window.remaining {
                    window.remaining = remaining - 1
                }
                return nil
            }
            guard let wait else { return }
            try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)) + 10))
        }
    }
}
