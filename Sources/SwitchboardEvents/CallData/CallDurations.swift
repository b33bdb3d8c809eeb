/// How long a call lasted, in whole seconds.
public struct CallDurations: Sendable, Hashable, JSONRepresentable {
    /// From set-up to release.
    public var totalSeconds: Int64?
    /// Connected (talk) time; billable time where the platform reports that instead.
    public var talkSeconds: Int64?
    /// Time billed by the platform, where it differs from talk time.
    public var billedSeconds: Int64?

    public init(totalSeconds: Int64? = nil, talkSeconds: Int64? = nil, billedSeconds: Int64? = nil) {
        self.totalSeconds = totalSeconds
        self.talkSeconds = talkSeconds
        self.billedSeconds = billedSeconds
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("billedSeconds", billedSeconds)
        object.set("talkSeconds", talkSeconds)
        object.set("totalSeconds", totalSeconds)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        totalSeconds = try reader.optionalInteger("totalSeconds")
        talkSeconds = try reader.optionalInteger("talkSeconds")
        billedSeconds = try reader.optionalInteger("billedSeconds")
    }
}
