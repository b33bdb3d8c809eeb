/// String comparisons shared by the interpreter and the compiled index, so both agree exactly.
///
/// Prefixes and suffixes are cut at Unicode scalar boundaries and then compared as Swift strings
/// (canonical equivalence); case folding is Unicode lower-casing.
enum TextMatch {
    static func hasPrefix(_ string: String, _ prefix: String) -> Bool {
        let length = prefix.unicodeScalars.count
        guard string.unicodeScalars.count >= length else { return false }
        return Self.prefix(of: string, scalars: length) == prefix
    }

    static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
        let length = suffix.unicodeScalars.count
        guard string.unicodeScalars.count >= length else { return false }
        return Self.suffix(of: string, scalars: length) == suffix
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
