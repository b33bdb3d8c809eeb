import SwitchboardEvents

/// Turns one record into a `HubMessage`, or a `HubProtocolViolation` saying what is wrong.
public enum HubMessageDecoder {
    /// Decodes a record (the bytes between separators).
    public static func decode(_ record: some Collection<UInt8>, maximumBytes: Int = 1024 * 1024) throws(HubProtocolViolation) -> HubMessage {
        let json: JSONValue
        do {
            json = try JSONValue.parse(record, limits: JSONLimits(maximumBytes: maximumBytes, maximumDepth: 64))
        } catch {
            throw HubProtocolViolation(.malformedJSON, error.description)
        }
        return try decode(json)
    }

    /// Decodes an already parsed record.
    public static func decode(_ json: JSONValue) throws(HubProtocolViolation) -> HubMessage {
        guard let object = json.objectValue else {
            throw HubProtocolViolation(.notAnObject, "a record is not a JSON object")
        }
        guard let type = object["type"]?.integerValue else {
            throw HubProtocolViolation(.missingType, "a record has no integer 'type'")
        }
        switch type {
        case 1:
            guard let target = object["target"]?.stringValue else {
                throw HubProtocolViolation(.invalidField, "an Invocation has no string 'target'")
            }
            guard let arguments = object["arguments"]?.arrayValue else {
                throw HubProtocolViolation(.invalidField, "the Invocation of '\(target.prefix(64))' has no 'arguments' array")
            }
            let invocationId = try optionalString(object, "invocationId", in: "Invocation")
            return .invocation(HubInvocation(invocationId: invocationId, target: target, arguments: arguments))
        case 3:
            guard let invocationId = object["invocationId"]?.stringValue else {
                throw HubProtocolViolation(.invalidField, "a Completion has no string 'invocationId'")
            }
            let result = object["result"]
            let error = object["error"]
            switch (result, error) {
            case (.some, .some):
                throw HubProtocolViolation(.resultAndError, "the Completion of invocation \(invocationId.prefix(32)) has both 'result' and 'error'")
            case (_, .some(let error)):
                guard let text = error.stringValue else {
                    throw HubProtocolViolation(.invalidField, "the Completion of invocation \(invocationId.prefix(32)) has a non-string 'error'")
                }
                return .completion(HubCompletion(invocationId: invocationId, outcome: .failure(HubInvocationError(text))))
            case (let result, nil):
                return .completion(HubCompletion(invocationId: invocationId, outcome: .success(result)))
            }
        case 6:
            return .ping
        case 7:
            let error = try optionalString(object, "error", in: "Close")
            let allowReconnect = object["allowReconnect"]?.boolValue ?? false
            return .close(error: error, allowReconnect: allowReconnect)
        case 2, 4, 5, 8, 9:
            return .ignored(type: Int(type))
        default:
            throw HubProtocolViolation(.unknownType, "unknown message type \(type)")
        }
    }

    private static func optionalString(_ object: JSONObject, _ key: String, in kind: String) throws(HubProtocolViolation) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw HubProtocolViolation(.invalidField, "the \(kind) has a non-string '\(key)'")
        }
    }
}
