import SwitchboardEvents
import Yams

/// Types YAML scalars by the YAML 1.2 core schema: only `true`/`false` are booleans (so a country
/// code `NO` stays text), `null`/`~`/empty are null, and numbers are decimal, `0x`/`0o` integers
/// or decimal floats. Quoted scalars are always text; explicit `!!int`-style tags are honoured.
enum ScalarResolution {
    static func value(of scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        switch scalar.tag.rawValue {
        case "", "?":
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            return plain(text)
        case Tag.Name.str.rawValue: return .string(text)
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue, Tag.Name.int.rawValue, Tag.Name.float.rawValue: return plain(text)
        default: return .string(text)
        }
    }

    static func plain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .integer(value) }
        let digitsOnly = text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        if digitsOnly, let value = Int64(text) { return .integer(value) }
        let floatCharacters = text.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains($0)
        }
        if floatCharacters, text.utf8.contains(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let value = Double(text) {
            return .double(value)
        }
        return .string(text)
    }
}
