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
        let data = Data(bytes)
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw JSONParseError(.empty, "the body is empty")
        }
        if data.count > limits.maximumBytes {
            throw JSONParseError(.tooLarge, "the document has \(data.count) bytes, more than the limit of \(limits.maximumBytes)")
        }
        if String(validating: data, as: UTF8.self) == nil {
            throw JSONParseError(.invalidUTF8, "the document is not valid UTF-8")
        }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONReader.parse(raw.bindMemory(to: UInt8.self), maximumDepth: limits.maximumDepth)
            }
        }
        return try result.get()
    }

    /// Parses a string as JSON (see `parse(_:limits:)`).
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// The value as compact JSON bytes with sorted keys.
    public func jsonBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        JSONWriter.write(self, into: &output)
        return output
    }

    /// The value as compact JSON with sorted keys.
    public func jsonData() -> Data { Data(jsonBytes()) }

    /// The compact JSON text of the value.
    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }
}
