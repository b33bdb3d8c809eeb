/// String comparisons shared by the interpreter and the compiled index, so both agree exactly.
///
/// Prefixes and suffixes compare Unicode scalars exactly. The index looks prefixes up by cutting
/// the event's value at the same scalar count and hashing it as a Swift string, which is at
/// least as permissive (canonical equivalence), so it never misses a candidate; the verification
/// with these functions then decides. Case folding is Unicode lower-casing.
///
/// Scalar-exact prefix and suffix tests compare UTF-8 bytes: both strings are valid UTF-8, which
/// is self-synchronizing, so one's bytes start (or end) the other's exactly when its scalars do,
/// and the bytes are compared in place instead of being decoded.
enum TextMatch {
    static func hasPrefix(_ string: String, _ prefix: String) -> Bool {
        string.utf8.count >= prefix.utf8.count && string.utf8.starts(with: prefix.utf8)
    }

    static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
        let count = suffix.utf8.count
        guard string.utf8.count >= count else { return false }
        return string.utf8.suffix(count).elementsEqual(suffix.utf8)
    }

    static func prefix(of string: String, scalars length: Int) -> String {
        String(String.UnicodeScalarView(string.unicodeScalars.prefix(length)))
    }

    static func suffix(of string: String, scalars length: Int) -> String {
        String(String.UnicodeScalarView(string.unicodeScalars.suffix(length)))
    }

    static func folded(_ string: String) -> String {
        string.lowercased()
    }
}
