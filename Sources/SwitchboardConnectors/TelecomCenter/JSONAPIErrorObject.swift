import SwitchboardEvents

/// One member of a JSON:API error document's `errors` array (JSON:API 1.1 §7.6): what the server
/// said about a refused request, kept so a `TelecomCenterError` can explain it.
public struct JSONAPIErrorObject: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status the server applied to this problem, as a string (`"400"`).
    public var status: String?
    /// The application-specific error code.
    public var code: String?
    /// A short summary of the problem.
    public var title: String?
    /// An explanation specific to this occurrence.
    public var detail: String?
    /// The query parameter that caused it (`source.parameter`, e.g. `sort`).
    public var parameter: String?
    /// The JSON Pointer of the offending member of a request document (`source.pointer`).
    public var pointer: String?

    public init(status: String? = nil, code: String? = nil, title: String? = nil, detail: String? = nil,
                parameter: String? = nil, pointer: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.pointer = pointer
    }

    /// The `errors` array of a JSON:API document; empty when the body is not one (servers may
    /// answer an error with HTML or nothing at all). Texts are cut to 512 characters so a hostile
    /// body cannot grow a log line without bound.
    static func decode(_ body: [UInt8]) -> [JSONAPIErrorObject] {
        guard !body.isEmpty, let document = try? JSONValue.parse(body, limits: JSONLimits(maximumBytes: 1 << 20, maximumDepth: 16)),
              case .array(let errors)? = document["errors"] else { return [] }
        return errors.prefix(20).compactMap { item -> JSONAPIErrorObject? in
            guard case .object = item else { return nil }
            func text(_ value: JSONValue?) -> String? {
                switch value {
                case .string(let text)?: return text.isEmpty ? nil : String(text.prefix(512))
                case .integer(let number)?: return String(number)
                default: return nil
                }
            }
            return JSONAPIErrorObject(status: text(item["status"]), code: text(item["code"]), title: text(item["title"]),
                                      detail: text(item["detail"]), parameter: text(item["source"]?["parameter"]),
                                      pointer: text(item["source"]?["pointer"]))
        }
    }

    public var description: String {
        var parts: [String] = []
        if let title { parts.append(title) }
        if let detail, detail != title { parts.append(detail) }
        if let parameter { parts.append("(parameter \(parameter))") }
        if let pointer { parts.append("(at \(pointer))") }
        if let code { parts.append("[\(code)]") }
        return parts.isEmpty ? "unspecified error" : parts.joined(separator: " ")
    }
}
