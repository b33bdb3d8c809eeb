import Foundation

/// A point in time with millisecond precision, written as RFC 3339 in UTC.
///
/// Milliseconds are the precision every platform uses; keeping exactly that precision makes the
/// JSON form round-trip bit for bit.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    public init(_ date: Date) {
        self.millisecondsSince1970 = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// Seconds since the Unix epoch (as AntBuddy's `unix_timestamp`).
    public init(unixSeconds: Int64) {
        self.millisecondsSince1970 = unixSeconds * 1000
    }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// Parses RFC 3339 / ISO 8601 date-times: `Z` or numeric offsets, optional fractional seconds,
    /// and the space separator some platforms use instead of `T`. A value without a zone is UTC.
    public init?(rfc3339 text: String) {
        // The UTF-8 in place: an array of the bytes would be an allocation per parsed time.
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.millisecondsSince1970 = parsed
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ`, or without the fraction when it is zero.
    public var rfc3339: String {
        let seconds = millisecondsSince1970.floorDivided(by: 1000)
        let millis = millisecondsSince1970 - seconds * 1000
        let (year, month, day, hour, minute, second) = Self.civil(fromUnixSeconds: seconds)
        guard (0...9999).contains(year) else {
            var text = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
            if millis != 0 { text += ".\(Self.pad(millis, 3))" }
            return text + "Z"
        }
        // Four-digit years (all real event times): digits straight into one buffer, one string
        // made from it, where interpolating the padded parts made a string for each.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var count = 0
            func digits(_ value: Int64, _ width: Int) {
                var rest = value
                for position in stride(from: count + width - 1, through: count, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
                count += width
            }
            func character(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            digits(year, 4); character(0x2D); digits(month, 2); character(0x2D); digits(day, 2)
            character(0x54); digits(hour, 2); character(0x3A); digits(minute, 2); character(0x3A); digits(second, 2)
            if millis != 0 { character(0x2E); digits(millis, 3) }
            character(0x5A)
            return count
        }
    }

    public var description: String { rfc3339 }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= b.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = b[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ chars: [UInt8]) -> Bool {
            guard index < b.count, chars.contains(b[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect([0x2D]), let month = digits(2), expect([0x2D]), let day = digits(2) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0
        if index < b.count {
            guard expect([0x54, 0x74, 0x20]), let h = digits(2), expect([0x3A]), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if index < b.count, b[index] == 0x3A {
                index += 1
                guard let s = digits(2) else { return nil }
                second = s
            }
            if index < b.count, b[index] == 0x2E || b[index] == 0x2C {
                index += 1
                var scale: Int64 = 100
                var sawDigit = false
                while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                    millis += Int64(b[index] - 0x30) * scale
                    scale /= 10
                    sawDigit = true
                    index += 1
                }
                guard sawDigit else { return nil }
            }
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        var offsetSeconds: Int64 = 0
        if index < b.count {
            if b[index] == 0x5A || b[index] == 0x7A {
                index += 1
            } else if b[index] == 0x2B || b[index] == 0x2D {
                let sign: Int64 = b[index] == 0x2D ? -1 : 1
                index += 1
                guard let oh = digits(2) else { return nil }
                _ = expect([0x3A])
                guard let om = digits(2) else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let unix = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return unix * 1000 + millis
    }

    // Howard Hinnant's civil-from-days algorithms: exact for the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromUnixSeconds seconds: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
