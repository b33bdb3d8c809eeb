/// Writes `JSONValue` as compact JSON, object members in name order (`JSONObject`'s order).
///
/// Sorted keys make the output stable (the same event is always the same bytes), which keeps
/// Kafka payloads, spool lines and test fixtures comparable. Non-finite doubles become `null`
/// because JSON has no spelling for them.
enum JSONWriter {
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .integer(let integer): output.append(contentsOf: String(integer).utf8)
        case .double(let double):
            if double.isFinite {
                output.append(contentsOf: double.description.utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .string(let string): writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            // Through the storage: iterating the array copies (retains) every element.
            elements.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    write(buffer[index], into: &output)
                }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            // Members are stored in name order: nothing to sort.
            object.members.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    writeString(buffer[index].key, into: &output)
                    output.append(UInt8(ascii: ":"))
                    write(buffer[index].value, into: &output)
                }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Native and small strings lend their UTF-8 without a copy; `withUTF8` would need a
        // mutable copy (a retain) of every string written.
        if string.utf8.withContiguousStorageIfAvailable({ appendEscaping($0, into: &output) }) == nil {
            var contiguous = string
            contiguous.withUTF8 { appendEscaping($0, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Most strings need no escaping: they are copied whole, and escaped byte by byte only from
    /// the first byte that needs it.
    private static func appendEscaping(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        guard let first = bytes.firstIndex(where: needsEscape) else {
            output.append(contentsOf: bytes)
            return
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
        for byte in bytes[first...] { appendEscaped(byte, into: &output) }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(0x5C); output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C); output.append(0x5C)
        case 0x0A: output.append(0x5C); output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(0x5C); output.append(UInt8(ascii: "r"))
        case 0x09: output.append(0x5C); output.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            output.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
        default: output.append(byte)
        }
    }
}
