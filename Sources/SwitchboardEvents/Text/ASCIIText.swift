/// Helpers for protocol text that is ASCII by definition (header values, media types, auth
/// schemes), working on UTF-8 bytes in place.
///
/// Foundation's `trimmingCharacters(in:)`, `split` and a `lowercased()` copy per comparison walk
/// grapheme clusters and allocate; on the webhook path they were several percent of the ingest
/// profile for values that need none of it.
public enum ASCIIText {
    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace,
    /// RFC 9110).
    public static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpaceOrTab(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpaceOrTab(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        // Spaces and tabs are single-byte scalars, so these are valid character boundaries.
        return text[start..<end]
    }

    /// `text` up to its first `;`: a media type without its parameters (not trimmed).
    public static func beforeParameters(_ text: Substring) -> Substring {
        // ";" is ASCII, so its UTF-8 index is a valid character boundary.
        text[..<(text.utf8.firstIndex(of: UInt8(ascii: ";")) ?? text.endIndex)]
    }

    /// Whether `text` equals the lower-case ASCII `expected`, ignoring ASCII case.
    public static func equalsIgnoringCase(_ text: Substring, _ expected: StaticString) -> Bool {
        let bytes = text.utf8
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        return expected.withUTF8Buffer { lower in
            zip(bytes, lower).allSatisfy { byte, wanted in
                let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                return folded == wanted
            }
        }
    }

    /// Whether `text` ends with the lower-case ASCII `suffix`, ignoring ASCII case.
    public static func hasSuffixIgnoringCase(_ text: Substring, _ suffix: StaticString) -> Bool {
        let bytes = text.utf8
        guard bytes.count >= suffix.utf8CodeUnitCount else { return false }
        let start = bytes.index(bytes.endIndex, offsetBy: -suffix.utf8CodeUnitCount)
        // A start inside a multi-byte scalar cannot match ASCII bytes; compare the bytes, not
        // a Substring sliced there.
        return suffix.withUTF8Buffer { lower in
            zip(bytes[start...], lower).allSatisfy { byte, wanted in
                ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte) == wanted
            }
        }
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
