import SwitchboardEvents

/// Writes a `time_start` value in the shape the server uses, for the windowed filter.
///
/// The Operator API document shows `1970-01-01 00:00` (no seconds, no zone). A computed filter
/// must look like the server's own values and must never be later than the intended time, so it
/// copies the mark's shape — `T` or space, seconds or not, `Z` or nothing — and rounds down to
/// that precision. Zone-less values are wall times of the server; the arithmetic is done on them
/// as they are, so the server's zone does not matter.
enum CDRTimeText {
    /// `milliseconds` written like `template`; `nil` when the template has an unknown shape
    /// (numeric offsets, fractions), in which case the caller falls back to the mark itself.
    static func text(milliseconds: Int64, shapedLike template: String) -> String? {
        let bytes = Array(template.utf8)
        guard bytes.count == 16 || bytes.count == 19 || bytes.count == 20, bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T") else {
            return nil
        }
        let hasSeconds = bytes.count >= 19
        let zulu = bytes.count == 20
        if zulu && bytes[19] != UInt8(ascii: "Z") { return nil }
        let iso = Timestamp(millisecondsSince1970: milliseconds).rfc3339   // yyyy-MM-ddTHH:mm:ss[.SSS]Z
        guard iso.utf8.count >= 20 else { return nil }
        let date = String(iso.prefix(10))
        let clock = String(iso.dropFirst(11).prefix(hasSeconds ? 8 : 5))
        return date + String(Character(Unicode.Scalar(bytes[10]))) + clock + (zulu ? "Z" : "")
    }
}
