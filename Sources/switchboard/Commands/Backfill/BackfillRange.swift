import Foundation
import SwitchboardEvents

/// The `--from` / `--to` of backfill commands.
enum BackfillRange {
    /// `YYYY-MM-DD` is a UTC day: its first instant, or with `endOfDay` the first instant of the
    /// next day (so `--to` includes the whole day). Anything else is read as RFC 3339.
    static func parse(_ text: String, endOfDay: Bool) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
                  calendar.component(.day, from: date) == day else { return nil }
            return endOfDay ? date.addingTimeInterval(86_400) : date
        }
        return Timestamp(rfc3339: text)?.date
    }
}
