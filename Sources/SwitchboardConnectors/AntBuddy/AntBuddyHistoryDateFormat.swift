import Foundation

/// Writes `created_from` / `created_to` the way the configured PBX reads them: a `DateFormatter`
/// pattern in a time zone, or `unix` (seconds since 1970). The signature hashes exactly this text.
public struct AntBuddyHistoryDateFormat: Sendable, Hashable {
    public let pattern: String
    public let timeZone: String

    public init(pattern: String, timeZone: String) {
        self.pattern = pattern
        self.timeZone = timeZone
    }

    public func string(from date: Date) -> String {
        if pattern.lowercased() == "unix" { return String(Int64(date.timeIntervalSince1970.rounded(.down))) }
        // A formatter per call: history queries are a handful per minute at most, and a shared
        // DateFormatter would need a lock.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
