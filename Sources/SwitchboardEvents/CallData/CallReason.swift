/// Why a call ended or failed.
public struct CallReason: Sendable, Hashable, JSONRepresentable {
    /// The normalized reason.
    public var code: EndReason
    /// The party the reason is about (`callerBusy` → caller), when known.
    public var leg: CallLeg?
    /// The platform's own reason text or code, verbatim.
    public var platformReason: String?

    public init(code: EndReason, leg: CallLeg? = nil, platformReason: String? = nil) {
        self.code = code
        self.leg = leg
        self.platformReason = platformReason
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("code", code)
        object.set("leg", leg)
        object.set("platformReason", platformReason)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        code = try reader.enumeration("code", as: EndReason.self)
        leg = try reader.optionalEnumeration("leg", as: CallLeg.self)
        platformReason = try reader.optionalString("platformReason")
    }
}
