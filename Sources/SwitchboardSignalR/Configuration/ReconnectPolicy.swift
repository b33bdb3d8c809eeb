import Foundation

/// Exponential backoff with jitter between reconnect attempts.
public struct ReconnectPolicy: Sendable, Decodable, Hashable {
    /// Delay before the first attempt.
    public var initialDelaySeconds: Double
    /// Upper bound of a delay (before jitter).
    public var maximumDelaySeconds: Double
    /// Factor applied per attempt.
    public var multiplier: Double
    /// Relative jitter: 0.2 spreads each delay over ±20 % so many clients do not reconnect in step.
    public var jitter: Double
    /// Attempts before giving up; `nil` retries forever.
    public var maximumAttempts: Int?

    /// Creates a policy.
    public init(initialDelaySeconds: Double = 0.5, maximumDelaySeconds: Double = 30, multiplier: Double = 2, jitter: Double = 0.2, maximumAttempts: Int? = nil) {
        self.initialDelaySeconds = initialDelaySeconds
        self.maximumDelaySeconds = maximumDelaySeconds
        self.multiplier = multiplier
        self.jitter = jitter
        self.maximumAttempts = maximumAttempts
    }

    private enum CodingKeys: String, CodingKey {
        case initialDelaySeconds, maximumDelaySeconds, multiplier, jitter, maximumAttempts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ReconnectPolicy()
        self.init(
            initialDelaySeconds: try container.decodeIfPresent(Double.self, forKey: .initialDelaySeconds) ?? defaults.initialDelaySeconds,
            maximumDelaySeconds: try container.decodeIfPresent(Double.self, forKey: .maximumDelaySeconds) ?? defaults.maximumDelaySeconds,
            multiplier: try container.decodeIfPresent(Double.self, forKey: .multiplier) ?? defaults.multiplier,
            jitter: try container.decodeIfPresent(Double.self, forKey: .jitter) ?? defaults.jitter,
            maximumAttempts: try container.decodeIfPresent(Int.self, forKey: .maximumAttempts)
        )
    }

    /// The delay before attempt `attempt` (0-based), jitter included.
    public func delay(attempt: Int, random: Double = Double.random(in: -1...1)) -> Double {
        let base = min(maximumDelaySeconds, initialDelaySeconds * pow(multiplier, Double(min(attempt, 64))))
        return max(0, base * (1 + jitter * random))
    }

}
