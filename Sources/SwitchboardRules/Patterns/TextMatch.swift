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
        withBytes(string, prefix) { text, prefix in
            text.count >= prefix.count && UnsafeBufferPointer(rebasing: text[..<prefix.count]).elementsEqual(prefix)
        }
    }

    static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
        withBytes(string, suffix) { text, suffix in
            text.count >= suffix.count && UnsafeBufferPointer(rebasing: text[(text.count - suffix.count)...]).elementsEqual(suffix)
        }
    }

    /// The UTF-8 storage of both strings (native Swift strings are contiguous: no copy).
    private static func withBytes(_ first: String, _ second: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var first = first
        var second = second
        return first.withUTF8 { first in second.withUTF8 { body(first, $0) } }
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
