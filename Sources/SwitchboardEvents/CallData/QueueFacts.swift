/// Facts about the queue or bloc an event came from (Thello blocs).
public struct QueueFacts: Sendable, Hashable, JSONRepresentable {
    /// The bloc id the notification was subscribed with.
    public var blocId: String
    /// The platform's event name (`QUEUE_ENTER`...), verbatim.
    public var eventName: String
    /// The bloc's optional `data` argument, verbatim (a string in Thello's signature).
    public var blocData: String?
    /// The operator involved, when the platform says.
    public var operatorId: String?

    public init(blocId: String, eventName: String, blocData: String? = nil, operatorId: String? = nil) {
        self.blocId = blocId
        self.eventName = eventName
        self.blocData = blocData
        self.operatorId = operatorId
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("blocData", blocData)
        object.set("blocId", blocId)
        object.set("eventName", eventName)
        object.set("operatorId", operatorId)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        blocId = try reader.string("blocId")
        eventName = try reader.string("eventName")
        blocData = try reader.optionalString("blocData")
        operatorId = try reader.optionalString("operatorId")
    }
}
