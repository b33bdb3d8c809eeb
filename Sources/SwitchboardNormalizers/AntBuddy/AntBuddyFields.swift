import SwitchboardEvents

/// Members shared by AntBuddy history records and websocket signals.
enum AntBuddyFields {
    /// Keys that may carry the PBX's call id; the document shows none for history records.
    static let callIdKeys = ["call_id", "callId", "call_uuid", "uuid", "id", "_id"]

    /// A party: `{"number", "type", "username"}` as in the history document, or a plain number.
    static func party(_ fields: FieldReader, keys: [String], context: NormalizationContext) throws(NormalizationError) -> Party? {
        guard let key = keys.first(where: { fields.has($0) }), let value = fields.value(key) else { return nil }
        switch value {
        case .string:
            guard let number = try fields.optionalNonEmptyString(key) else { return nil }
            return Party(number: number, e164: context.e164(number))
        case .object:
            let object = try FieldReader(value, path: fields.memberPath(key))
            let number = try object.optionalIdentifier("number")
            let kind = try object.optionalNonEmptyString("type")
            let user = try object.firstString(["username", "user"])
            let name = try object.firstString(["name", "display_name"])
            guard number != nil || user != nil || name != nil else { return nil }
            // A `user` party's number is a user name, never a phone number.
            let e164 = kind?.lowercased() == "user" ? nil : context.e164(number)
            return Party(number: number, e164: e164, name: name, user: user, kind: kind)
        default:
            throw .wrongType(path: fields.memberPath(key), expected: "object or string", found: value.kindName)
        }
    }

    /// `class` `one_one` is an internal call; `direction` `from_ab` goes out, `to_ab` comes in.
    static func direction(_ fields: FieldReader) throws(NormalizationError) -> CallDirection {
        if try fields.optionalNonEmptyString("class")?.lowercased() == "one_one" { return .internal }
        switch try fields.optionalNonEmptyString("direction")?.lowercased() {
        case "from_ab", "outbound", "outgoing", "out": return .outbound
        case "to_ab", "inbound", "incoming", "in": return .inbound
        case "internal", "one_one": return .internal
        default: return .unknown
        }
    }

    /// The recording file name, when the record has one (`""` means none).
    static func recording(_ fields: FieldReader) throws(NormalizationError) -> RecordingFacts? {
        guard let file = try fields.optionalNonEmptyString("recording", limit: 2048) else { return nil }
        return RecordingFacts(status: "available", reference: file)
    }
}
