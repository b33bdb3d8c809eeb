import SwitchboardEvents

/// Writes hub messages as JSON records (each followed by 0x1E), straight into a byte buffer.
///
/// Hand-written rather than `JSONEncoder` because it sits on the hot path (one `SetVariable`
/// per routed event): one allocation per record, no intermediate `Data` or dictionaries.
public enum HubMessageEncoder {
    /// The handshake request for JSON protocol version 1.
    public static let handshake: [UInt8] = Array(#"{"protocol":"json","version":1}"#.utf8) + [HubRecordReader.separator]

    /// The Ping record.
    public static let ping: [UInt8] = Array(#"{"type":6}"#.utf8) + [HubRecordReader.separator]

    /// An Invocation record.
    public static func invocation(_ invocation: HubInvocation) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + invocation.target.utf8.count + invocation.arguments.count * 40)
        out.append(contentsOf: #"{"type":1,"#.utf8)
        if let id = invocation.invocationId {
            out.append(contentsOf: #""invocationId":"#.utf8)
            appendString(id, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""target":"#.utf8)
        appendString(invocation.target, to: &out)
        out.append(contentsOf: #","arguments":["#.utf8)
        for (index, argument) in invocation.arguments.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(argument, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
        out.append(HubRecordReader.separator)
        return out
    }

    /// A Completion record.
    public static func completion(_ completion: HubCompletion) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: #"{"type":3,"invocationId":"#.utf8)
        appendString(completion.invocationId, to: &out)
        switch completion.outcome {
        case .success(let value?):
            out.append(contentsOf: #","result":"#.utf8)
            append(value, to: &out)
        case .success(nil):
            break
        case .failure(let error):
            out.append(contentsOf: #","error":"#.utf8)
            appendString(error.message, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        out.append(HubRecordReader.separator)
        return out
    }

    /// Appends `value` as compact JSON.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.isFinite { out.append(contentsOf: "\(number)".utf8) } else { out.append(contentsOf: "null".utf8) }
        case .string(let text): appendString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(members[key] ?? .null, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a JSON string literal with the escapes RFC 8259 requires.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
