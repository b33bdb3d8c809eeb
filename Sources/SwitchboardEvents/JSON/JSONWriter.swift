#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `JSONValue` as compact JSON, object members in name order (`JSONObject`'s order).
///
/// Sorted keys make the output stable (the same event is always the same bytes), which keeps
/// Kafka payloads, spool lines and test fixtures comparable. Non-finite doubles become `null`
/// because JSON has no spelling for them.
enum JSONWriter {
    /// The compact JSON bytes of `value`.
    static func bytes(of value: JSONValue) -> [UInt8] {
        var output = Output()
        write(value, into: &output)
        return output.bytes()
    }

    private static func write(_ value: JSONValue, into output: inout Output) {
        switch value {
        case .null: output.append("null")
        case .bool(let bool): output.append(bool ? "true" : "false")
        case .integer(let integer): output.appendDecimal(integer)
        case .double(let double):
            if double.isFinite {
                output.append(double.description)
            } else {
                output.append("null")
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

    private static func writeString(_ string: String, into output: inout Output) {
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
    private static func appendEscaping(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout Output) {
        let raw = UnsafeRawBufferPointer(bytes)
        var first = 0
        // Eight bytes at a time: strings are mostly ids, URLs and timestamps with nothing to escape.
        while first + 8 <= raw.count, !wordNeedsEscape(raw.loadUnaligned(fromByteOffset: first, as: UInt64.self)) {
            first += 8
        }
        while first < raw.count && !needsEscape(raw[first]) { first += 1 }
        output.append(UnsafeRawBufferPointer(rebasing: raw[..<first]))
        if first == raw.count { return }
        for byte in raw[first...] { appendEscaped(byte, into: &output) }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a quote or a backslash, with the
    /// bit tricks of "Bit Twiddling Hacks" (has a byte less than n, has a zero byte).
    @inline(__always)
    private static func wordNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highBits
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteFound = (quote &- ones) & ~quote & highBits
        let backslashFound = (backslash &- ones) & ~backslash & highBits
        return (control | quoteFound | backslashFound) != 0
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    private static func appendEscaped(_ byte: UInt8, into output: inout Output) {
        switch byte {
        case UInt8(ascii: "\""): output.append("\\\"")
        case UInt8(ascii: "\\"): output.append("\\\\")
        case 0x0A: output.append("\\n")
        case 0x0D: output.append("\\r")
        case 0x09: output.append("\\t")
        case 0x00..<0x20:
            output.append("\\u00")
            hexDigits.withUTF8Buffer { digits in
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        default: output.append(byte)
        }
    }

    /// The bytes written so far, in one `malloc`ed block that grows by doubling.
    ///
    /// Appending to an `Array` checks uniqueness and capacity at every byte and string, which
    /// was a third of the writer's time for a Kafka record's value; this writes through a raw
    /// pointer and copies the result into an array once.
    private struct Output: ~Copyable {
        private var start: UnsafeMutableRawPointer
        private var capacity: Int
        private var count = 0

        /// Room for a typical event at once (glibc's per-thread cache serves up to 1,032 bytes).
        init(capacity: Int = 960) {
            self.capacity = capacity
            guard let start = malloc(capacity) else { fatalError("out of memory for \(capacity) bytes of JSON") }
            self.start = start
        }

        deinit { free(start) }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            reserve(1)
            start.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
            count += 1
        }

        @inline(__always)
        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            reserve(bytes.count)
            (start + count).copyMemory(from: base, byteCount: bytes.count)
            count += bytes.count
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }

        /// `integer` in decimal, written from the end of a small stack buffer: no `String`.
        mutating func appendDecimal(_ integer: Int64) {
            // 20 bytes hold Int64.min's 19 digits and its sign.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var magnitude = integer.magnitude
                var index = 20
                repeat {
                    index -= 1
                    digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                if integer < 0 {
                    index -= 1
                    digits[index] = UInt8(ascii: "-")
                }
                append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(digits)[index...]))
            }
        }

        @inline(__always)
        private mutating func reserve(_ additional: Int) {
            if count + additional > capacity { grow(to: count + additional) }
        }

        private mutating func grow(to needed: Int) {
            var grown = capacity * 2
            while grown < needed { grown *= 2 }
            guard let moved = realloc(start, grown) else { fatalError("out of memory for \(grown) bytes of JSON") }
            start = moved
            capacity = grown
        }

        /// The written bytes as an array (one copy).
        func bytes() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: start, count: count))
                initialized = count
            }
        }
    }
}
