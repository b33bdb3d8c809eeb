/// The numbering rules of a country, as Telnect's `dialplan` gives them, used to turn national
/// and international-prefix numbers into E.164.
public struct Dialplan: Sendable, Hashable {
    /// Country calling code without `+` (`46`).
    public var countryCode: String
    /// Trunk prefix of national numbers (`0`).
    public var localPrefix: String
    /// International call prefix (`00`).
    public var globalPrefix: String

    public init(countryCode: String, localPrefix: String = "0", globalPrefix: String = "00") {
        self.countryCode = countryCode
        self.localPrefix = localPrefix
        self.globalPrefix = globalPrefix
    }

    /// The E.164 form of `number`, or nil when it cannot be derived (extensions, SIP users,
    /// numbers too short or too long to be E.164).
    ///
    /// Accepted: `+CC…`, the international prefix (`0046…`), the national trunk prefix
    /// (`08…` → `+468…`). Spaces, dashes, dots and parentheses are ignored.
    public func e164(_ number: String) -> String? {
        let trimmed = number.filter { !" -.()/".contains($0) }
        guard !trimmed.isEmpty else { return nil }
        let candidate: String
        if trimmed.hasPrefix("+") {
            candidate = String(trimmed.dropFirst())
        } else if !globalPrefix.isEmpty, trimmed.hasPrefix(globalPrefix) {
            candidate = String(trimmed.dropFirst(globalPrefix.count))
        } else if !localPrefix.isEmpty, trimmed.hasPrefix(localPrefix) {
            candidate = countryCode + trimmed.dropFirst(localPrefix.count)
        } else {
            return nil
        }
        return Self.validE164Digits(candidate).map { "+" + $0 }
    }

    /// An already international number (`+…`) in E.164 form, or nil; no dialplan is needed.
    ///
    /// Reads UTF-8 bytes: separators, `+` and digits are ASCII, so any other byte (a letter, a
    /// combining mark) makes the number invalid either way, and the check runs for every party
    /// of every event without building `Character`s (it showed in the webhook ingest profile).
    public static func e164IfInternational(_ number: String) -> String? {
        // "+" and 15 digits at most: the digits are gathered on the stack, and the result fits a
        // small string (no allocation) up to 14 digits. A number that is already canonical is
        // returned as it is.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits -> String? in
            digits[0] = UInt8(ascii: "+")
            var count = 1
            var sawPlus = false
            for byte in number.utf8 {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "/"):
                    continue
                case UInt8(ascii: "+") where !sawPlus && count == 1:
                    sawPlus = true
                case UInt8(ascii: "0")...UInt8(ascii: "9") where sawPlus:
                    guard count < 16 else { return nil }
                    digits[count] = byte
                    count += 1
                default:
                    return nil
                }
            }
            guard sawPlus, count >= 8, digits[1] != UInt8(ascii: "0") else { return nil }
            // Every byte was kept (no separator): the number is already canonical.
            if number.utf8.count == count { return number }
            return String(decoding: UnsafeBufferPointer(rebasing: digits[..<count]), as: UTF8.self)
        }
    }

    /// E.164 allows at most 15 digits and no leading zero; fewer than 7 is an extension or a short code.
    private static func validE164Digits(_ digits: String) -> String? {
        guard (7...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return digits
    }
}
