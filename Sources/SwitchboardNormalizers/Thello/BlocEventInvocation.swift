import SwitchboardEvents

/// The arguments of one Thello `BlocEvent` hub invocation, read from a SignalR JSON record:
/// `{"type":1,"target":"BlocEvent","arguments":[blocId, eventName, callId, fromName, fromNumber, to, data, callContextId]}`.
struct BlocEventInvocation {
    var blocId: String
    var eventName: String
    var callId: String
    var fromName: String?
    var fromNumber: String?
    var to: String?
    var data: String?
    var callContextId: String?

    /// SignalR's message type of an invocation.
    static let invocationType: Int64 = 1

    init(record: JSONValue) throws(NormalizationError) {
        let fields = try FieldReader(record, path: "")
        guard let type = fields.value("type") else { throw .missingField(path: "type") }
        guard let typeNumber = type.integerValue else { throw .wrongType(path: "type", expected: "integer", found: type.kindName) }
        guard typeNumber == Self.invocationType else {
            throw .unsupportedType(path: "type", value: "\(typeNumber) (\(Self.messageName(typeNumber)))")
        }
        let target = try fields.nonEmptyString("target")
        // SignalR matches hub method names case-insensitively.
        guard target.lowercased() == "blocevent" else { throw .unsupportedTarget(target) }
        guard let argumentsValue = fields.value("arguments") else { throw .missingField(path: "arguments") }
        guard case .array(let arguments) = argumentsValue else {
            throw .wrongType(path: "arguments", expected: "array", found: argumentsValue.kindName)
        }

        func argument(_ index: Int, limit: Int = FieldReader.shortLimit) throws(NormalizationError) -> String? {
            guard index < arguments.count, arguments[index] != .null else { return nil }
            return try FieldReader.string(arguments[index], path: "arguments[\(index)]", limit: limit)
        }
        func required(_ index: Int) throws(NormalizationError) -> String {
            guard let value = try argument(index), !value.isEmpty else { throw .missingField(path: "arguments[\(index)]") }
            return value
        }

        blocId = try required(0)
        eventName = try required(1)
        callId = try required(2)
        fromName = try argument(3).nonEmpty
        fromNumber = try argument(4).nonEmpty
        to = try argument(5).nonEmpty
        // `data` is a string in Thello's signature; a JSON value from another serializer is kept
        // as its JSON text rather than refused.
        if arguments.count > 6, arguments[6] != .null, arguments[6].stringValue == nil {
            let text = arguments[6].jsonString()
            guard text.utf8.count <= FieldReader.textLimit else {
                throw .invalidValue(path: "arguments[6]", reason: "is \(text.utf8.count) bytes long, more than the limit of \(FieldReader.textLimit)")
            }
            data = text
        } else {
            data = try argument(6, limit: FieldReader.textLimit).nonEmpty
        }
        callContextId = try argument(7).nonEmpty
    }

    private static func messageName(_ type: Int64) -> String {
        switch type {
        case 2: return "stream item"
        case 3: return "completion"
        case 4: return "stream invocation"
        case 5: return "cancel invocation"
        case 6: return "ping"
        case 7: return "close"
        default: return "not an invocation"
        }
    }
}

extension Optional where Wrapped == String {
    /// nil for an empty string: platforms send `""` for "no value".
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
