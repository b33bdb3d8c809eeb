import Foundation

/// How a connector retries a platform request that failed transiently: exponential backoff with
/// jitter, and the server's `Retry-After` when it sends one.
///
/// Only requests that are safe to repeat are retried; each connector decides which those are.
public struct RetryPolicy: Sendable, Hashable, Decodable {
    /// Attempts in total, the first one included (`1` disables retries).
    public var maximumAttempts: Int
    /// The wait before the second attempt.
    public var initialBackoffSeconds: Double
    /// The wait never grows beyond this.
    public var maximumBackoffSeconds: Double
    /// Each further wait is the previous one times this.
    public var multiplier: Double
    /// The fraction (0...1) by which a wait is shortened or lengthened at random, so clients that
    /// failed together do not retry together.
    public var jitter: Double
    /// The longest `Retry-After` honoured. A server asking for more ends the retries: the action
    /// fails (and is dead-lettered) instead of holding the call's action queue.
    public var maximumRetryAfterSeconds: Double

    public init(maximumAttempts: Int = 4, initialBackoffSeconds: Double = 0.2, maximumBackoffSeconds: Double = 10,
                multiplier: Double = 2, jitter: Double = 0.2, maximumRetryAfterSeconds: Double = 60) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maximumBackoffSeconds = maximumBackoffSeconds
        self.multiplier = multiplier
        self.jitter = jitter
        self.maximumRetryAfterSeconds = maximumRetryAfterSeconds
    }

    /// No retries at all.
    public static let none = RetryPolicy(maximumAttempts: 1)

    private enum CodingKeys: String, CodingKey {
        case maximumAttempts, initialBackoffSeconds, maximumBackoffSeconds, multiplier, jitter, maximumRetryAfterSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetryPolicy()
        self.init(
            maximumAttempts: try container.decodeIfPresent(Int.self, forKey: .maximumAttempts) ?? defaults.maximumAttempts,
            initialBackoffSeconds: try container.decodeIfPresent(Double.self, forKey: .initialBackoffSeconds) ?? defaults.initialBackoffSeconds,
            maximumBackoffSeconds: try container.decodeIfPresent(Double.self, forKey: .maximumBackoffSeconds) ?? defaults.maximumBackoffSeconds,
            multiplier: try container.decodeIfPresent(Double.self, forKey: .multiplier) ?? defaults.multiplier,
            jitter: try container.decodeIfPresent(Double.self, forKey: .jitter) ?? defaults.jitter,
            maximumRetryAfterSeconds: try container.decodeIfPresent(Double.self, forKey: .maximumRetryAfterSeconds) ?? defaults.maximumRetryAfterSeconds
        )
    }

    /// The problems that make this policy unusable, empty when it is valid.
    public var problems: [String] {
        var problems: [String] = []
        if maximumAttempts < 1 { problems.append("maximumAttempts must be at least 1") }
        if !(initialBackoffSeconds >= 0) { problems.append("initialBackoffSeconds must not be negative") }
        if !(maximumBackoffSeconds >= initialBackoffSeconds) { problems.append("maximumBackoffSeconds must be at least initialBackoffSeconds") }
        if !(multiplier >= 1) { problems.append("multiplier must be at least 1") }
        if !(0...1).contains(jitter) { problems.append("jitter must be between 0 and 1") }
        if !(maximumRetryAfterSeconds >= 0) { problems.append("maximumRetryAfterSeconds must not be negative") }
        return problems
    }

    /// The wait before attempt `attempt + 1`, or `nil` when no further attempt should be made.
    ///
    /// - Parameters:
    ///   - attempt: the attempt that just failed (1 for the first).
    ///   - retryAfter: the server's `Retry-After`, when it sent one; it replaces the backoff
    ///     (without jitter: the server named the moment).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        if let retryAfter {
            guard retryAfter <= .seconds(maximumRetryAfterSeconds) else { return nil }
            return max(retryAfter, .zero)
        }
        let exponential = initialBackoffSeconds * pow(multiplier, Double(attempt - 1))
        let capped = min(exponential, maximumBackoffSeconds)
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
        return .milliseconds(Int64((capped * factor * 1000).rounded()))
    }
}
