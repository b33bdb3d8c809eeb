import Foundation

/// Why bytes could not be read as JSON.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case empty
        case invalidUTF8 = "invalid-utf8"
        case malformed
        case tooDeep = "too-deep"
        case tooLarge = "too-large"
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}

/// Limits applied to untrusted JSON before and while it is parsed.
public struct JSONLimits: Sendable, Hashable {
    /// The largest document accepted, in bytes.
    public var maximumBytes: Int
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    public init(maximumBytes: Int = 4 * 1024 * 1024, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    public static let `default` = JSONLimits()
}

extension JSONValue {
    /// Parses untrusted bytes into a `JSONValue`, enforcing `limits` and UTF-8 validity.
    ///
    /// Strict RFC 8259: trailing commas, comments, single quotes and lone surrogates are errors.
    /// Nesting is bounded while reading, so a hostile document of thousands of `[` never
    /// recurses deeply.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer: buffer, limits: limits) }
        }
        if let parsed { return try parsed.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer: buffer, limits: limits) }
        }.get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits) throws(JSONParseError) -> JSONValue {
        if buffer.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw JSONParseError(.empty, "the body is empty")
        }
        if buffer.count > limits.maximumBytes {
            throw JSONParseError(.tooLarge, "the document has \(buffer.count) bytes, more than the limit of \(limits.maximumBytes)")
        }
        do {
            return try JSONReader.parse(buffer, maximumDepth: limits.maximumDepth)
        } catch where error.code == .malformed && String(validating: buffer, as: UTF8.self) == nil {
            // Bytes that are not UTF-8 outside a string read as a syntax error; name the real cause.
            // Only failed documents pay for this second pass.
            throw JSONParseError(.invalidUTF8, "the document is not valid UTF-8")
        }
    }

    /// Parses a string as JSON (see `parse(_:limits:)`).
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// The value as compact JSON bytes with sorted keys.
    public func jsonBytes() -> [UInt8] {
        JSONWriter.bytes(of: self)
    }

    /// The value as compact JSON with sorted keys.
    public func jsonData() -> Data { Data(jsonBytes()) }

    /// The compact JSON text of the value.
    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }
}
