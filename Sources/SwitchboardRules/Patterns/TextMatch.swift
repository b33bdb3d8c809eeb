/// String comparisons shared by the interpreter and the compiled index, so both agree exactly.
///
/// Prefixes and suffixes compare Unicode scalars exactly. The index looks prefixes up by cutting
/// the event's value at the same scalar count and hashing it as a Swift string, which is at
/// least as permissive (canonical equivalence), so it never misses a candidate; the verification
/// with these functions then decides. Case folding is Unicode lower-casing.
enum TextMatch {
    static func hasPrefix(_ string: String, _ prefix: String) -> Bool {
        string.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
        string.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
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
