import HTTPTypes

/// Header-value helpers that work on UTF-8 bytes in place.
///
/// Foundation's `trimmingCharacters(in:)` and a `lowercased()` copy per comparison were 2-4 % of
/// the webhook ingest profile for values (`Content-Type`, `Authorization`) that HTTP defines in
/// ASCII; these do the same job without allocating.
enum HeaderText {
    /// The value of the field `name`: what `headers[name]` returns (repeated fields joined with
    /// ", "), without its generic lazy-map-and-join path, which the standard library runs
    /// unspecialized (a type-metadata lookup per call) and which showed in the ingest profile.
    static func value(_ name: HTTPField.Name, in headers: HTTPFields) -> String? {
        var found: String?
        for field in headers where field.name == name {
            if let earlier = found {
                found = earlier + ", " + field.value
            } else {
                found = field.value
            }
        }
        return found
    }

    /// `value` without leading and trailing HTTP optional whitespace (spaces and tabs, RFC 9110).
    static func trimmed(_ value: Substring) -> Substring {
        let bytes = value.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        // Spaces and tabs are single-byte scalars, so these are valid character boundaries.
        return value[start..<end]
    }

    /// Whether `value` equals the lower-case ASCII `expected`, ignoring ASCII case.
    static func equalsIgnoringASCIICase(_ value: Substring, _ expected: StaticString) -> Bool {
        let bytes = value.utf8
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        return expected.withUTF8Buffer { lower in
            zip(bytes, lower).allSatisfy { byte, wanted in
                let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                return folded == wanted
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
