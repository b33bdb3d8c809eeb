import SwitchboardEvents

/// Why a platform payload could not be turned into call events.
///
/// Every case names the offending member by its path in the payload (`arguments[2]`,
/// `data.status.state`, `data[3].attributes.duration`) so an operator can find it in the raw
/// payload. Values quoted in messages are truncated, so a hostile payload cannot blow up logs.
public enum NormalizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not acceptable JSON: empty, not UTF-8, too large, too deep or malformed.
    case invalidJSON(JSONParseError)
    /// A member the normalizer needs is absent or null.
    case missingField(path: String)
    /// A member has the wrong JSON kind (`expected` and `found` are kind names such as `string`).
    case wrongType(path: String, expected: String, found: String)
    /// A member has the right kind but an unusable value (too long, not a timestamp, wrong version).
    case invalidValue(path: String, reason: String)
    /// The payload is a kind of message this normalizer does not turn into call events
    /// (a SignalR ping, a JSON:API `customers` resource, another CloudEvents `type`).
    case unsupportedType(path: String, value: String)
    /// A SignalR invocation of a hub method other than `BlocEvent`.
    case unsupportedTarget(String)

    /// A stable, machine-readable code (`missing-field`...), for metrics labels and problem+json.
    public var code: String {
        switch self {
        case .invalidJSON(let error): return "invalid-json.\(error.code.rawValue)"
        case .missingField: return "missing-field"
        case .wrongType: return "wrong-type"
        case .invalidValue: return "invalid-value"
        case .unsupportedType: return "unsupported-type"
        case .unsupportedTarget: return "unsupported-target"
        }
    }

    /// The path of the offending member, when the error is about one member.
    public var path: String? {
        switch self {
        case .invalidJSON, .unsupportedTarget: return nil
        case .missingField(let path), .wrongType(let path, _, _), .invalidValue(let path, _), .unsupportedType(let path, _):
            return path
        }
    }

    /// One line, suitable for stderr, logs and the `detail` of a problem+json body.
    public var description: String {
        switch self {
        case .invalidJSON(let error): return "invalid JSON: \(error.detail)"
        case .missingField(let path): return "\(path): is required"
        case .wrongType(let path, let expected, let found): return "\(path): expected \(expected), found \(found)"
        case .invalidValue(let path, let reason): return "\(path): \(reason)"
        case .unsupportedType(let path, let value): return "\(path): unsupported value \(Self.quoted(value))"
        case .unsupportedTarget(let target): return "target: unsupported hub method \(Self.quoted(target)), expected \"BlocEvent\""
        }
    }

    /// A value quoted for a message, cut to 64 characters.
    static func quoted(_ value: String) -> String {
        let limit = 64
        guard value.count > limit else { return "\"\(value)\"" }
        return "\"\(value.prefix(limit))…\" (\(value.utf8.count) bytes)"
    }
}
