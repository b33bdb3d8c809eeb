/// One party of a call as the platform names it, with the E.164 form where it can be derived.
public struct Party: Sendable, Hashable, JSONRepresentable {
    /// The number or address exactly as the platform gave it.
    public var number: String?
    /// The number in E.164 form (`+4610100555`) when the platform's data allows deriving it.
    public var e164: String?
    /// A display name (caller id name).
    public var name: String?
    /// A user, extension or SIP user name when the party is a user rather than a number.
    public var user: String?
    /// The platform's kind of party (`realnumber`, `user`, `sip`, `phone`...).
    public var kind: String?

    public init(number: String? = nil, e164: String? = nil, name: String? = nil, user: String? = nil, kind: String? = nil) {
        self.number = number
        self.e164 = e164
        self.name = name
        self.user = user
        self.kind = kind
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("e164", e164)
        object.set("kind", kind)
        object.set("name", name)
        object.set("number", number)
        object.set("user", user)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        number = try reader.optionalString("number")
        e164 = try reader.optionalString("e164")
        name = try reader.optionalString("name")
        user = try reader.optionalString("user")
        kind = try reader.optionalString("kind")
    }
}
