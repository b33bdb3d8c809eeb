#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-wise order of strings' UTF-8 encodings: the order of JSON object keys in what
/// Switchboard writes, and of `ce_` headers in Kafka records.
public enum UTF8Order {
    /// Whether `left` sorts before `right`, compared with `memcmp` on the strings' contiguous
    /// UTF-8 storage rather than byte by byte through iterators (a visible cost when every
    /// written object sorts its keys).
    public static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0 {
                    let order = memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return leftBytes.count < rightBytes.count
            }
        }
    }
}
