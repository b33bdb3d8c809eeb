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
    /// The depth check runs on the raw bytes first, so a hostile document of thousands of `[`
    /// never reaches the recursive decoder.
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
        let depth = maximumNesting(of: data)
        if depth > limits.maximumDepth {
            throw JSONParseError(.tooDeep, "nesting depth \(depth) exceeds the limit of \(limits.maximumDepth)")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw JSONParseError(.malformed, Self.describe(error))
        } catch {
            throw JSONParseError(.malformed, "\(error)")
        }
    }

    /// Parses a string as JSON (see `parse(_:limits:)`).
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// Encodes the value as compact JSON with sorted keys.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps onto a JSON primitive, except
        // non-finite doubles, which are written as null.
        return (try? encoder.encode(self.replacingNonFiniteNumbers())) ?? Data("null".utf8)
    }

    /// The compact JSON text of the value.
    public func jsonString() -> String {
        String(decoding: jsonData(), as: UTF8.self)
    }

    private func replacingNonFiniteNumbers() -> JSONValue {
        switch self {
        case .double(let value) where !value.isFinite: return .null
        case .array(let elements): return .array(elements.map { $0.replacingNonFiniteNumbers() })
        case .object(let members): return .object(members.mapValues { $0.replacingNonFiniteNumbers() })
        default: return self
        }
    }

    /// The deepest bracket nesting outside strings; malformed input is left to the decoder.
    private static func maximumNesting(of data: Data) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        case .keyNotFound(let key, _): return "missing key \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
