import SwitchboardEvents

/// One `BlocEvent(blocId, eventName, callId, fromName, fromNumber, to, data, callContextId)` from a Thello hub.
public struct ThelloBlocEvent: Sendable, Hashable {
    /// The tenant (connector name) whose hub sent it: actions for it go back to that hub.
    public var tenant: String
    /// The bloc that notified.
    public var blocId: String
    /// `QUEUE_ENTER`, `QUEUE_FIRST`, `QUEUE_ANSWERED`, `QUEUE_FALLBACK`, `QUEUE_HANGUP`, ...
    public var eventName: String
    /// The SIP call id of the channel.
    public var callId: String
    /// Caller ID name.
    public var fromName: String
    /// Caller ID number.
    public var fromNumber: String
    /// Called number or extension.
    public var to: String
    /// Bloc-specific data (may be empty).
    public var data: String
    /// The call context for `SetVariable` / `GetVariable`, constant for the call.
    public var callContextId: String

    /// Reads the 8 documented arguments; `null` counts as an empty string, anything else non-string is an error.
    public init(tenant: String, arguments: [JSONValue]) throws(ThelloError) {
        guard arguments.count >= 8 else {
            throw ThelloError(.malformedBlocEvent, "BlocEvent has \(arguments.count) arguments, expected 8")
        }
        var fields: [String] = []
        for (index, argument) in arguments.prefix(8).enumerated() {
            switch argument {
            case .string(let text): fields.append(text)
            case .null: fields.append("")
            case .integer(let number): fields.append(String(number))
            default: throw ThelloError(.malformedBlocEvent, "BlocEvent argument \(index + 1) is not a string")
            }
        }
        self.tenant = tenant
        blocId = fields[0]
        eventName = fields[1]
        callId = fields[2]
        fromName = fields[3]
        fromNumber = fields[4]
        to = fields[5]
        data = fields[6]
        callContextId = fields[7]
    }

    /// The event as a JSON object (the raw payload handed to the Thello normalizer).
    public var json: JSONValue {
        .object([
            "blocId": .string(blocId), "eventName": .string(eventName), "callId": .string(callId),
            "fromName": .string(fromName), "fromNumber": .string(fromNumber), "to": .string(to),
            "data": .string(data), "callContextId": .string(callContextId),
        ])
    }
}
