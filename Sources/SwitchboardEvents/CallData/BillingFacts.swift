/// Billing facts of a finished call (CDRs).
public struct BillingFacts: Sendable, Hashable, JSONRepresentable {
    /// The price or cost of the call, in `currency`.
    public var amount: Double?
    public var currency: String?
    /// The rate applied, per minute, when reported.
    public var rate: Double?
    /// The disconnect code (SIP or Q.850) as reported.
    public var disconnectCode: Int64?
    public var disconnectReason: String?
    /// Related resources by relationship name (`gateway`, `route`, `customer`...) → id.
    public var relationships: [String: String]

    public init(
        amount: Double? = nil, currency: String? = nil, rate: Double? = nil,
        disconnectCode: Int64? = nil, disconnectReason: String? = nil, relationships: [String: String] = [:]
    ) {
        self.amount = amount
        self.currency = currency
        self.rate = rate
        self.disconnectCode = disconnectCode
        self.disconnectReason = disconnectReason
        self.relationships = relationships
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("amount", amount)
        object.set("currency", currency)
        object.set("disconnectCode", disconnectCode)
        object.set("disconnectReason", disconnectReason)
        object.set("rate", rate)
        if !relationships.isEmpty {
            object.set("relationships", json: .object(JSONObject(relationships.mapValues { JSONValue.string($0) })))
        }
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        amount = try reader.optionalDouble("amount")
        currency = try reader.optionalString("currency")
        rate = try reader.optionalDouble("rate")
        disconnectCode = try reader.optionalInteger("disconnectCode")
        disconnectReason = try reader.optionalString("disconnectReason")
        var relationships: [String: String] = [:]
        if let members = reader.members["relationships"]?.objectValue {
            for (key, value) in members {
                guard let id = value.stringValue else {
                    throw EventDecodingError(path: reader.memberPath("relationships.\(key)"), "expected a string")
                }
                relationships[key] = id
            }
        }
        self.relationships = relationships
    }
}
