import SwitchboardEvents

/// A call as `POST /calls` and `GET /calls/{callId}` return it.
public struct ClickToDialCallResource: Sendable, Hashable {
    public var callId: String
    public var caller: String?
    public var callee: String?
    /// The CAMARA state (`initiating` … `disconnected`, `failed`).
    public var status: String
    public var createdAt: Timestamp?
    public var recordingEnabled: Bool?
    /// The resource as received, for normalization.
    public var json: JSONValue

    /// Reads a stored or received resource.
    public init(json: JSONValue) throws(ClickToDialError) {
        try self.init(json: json, operation: nil, httpStatus: nil)
    }

    /// Reads the resource; `operation` names the request in the error.
    init(json: JSONValue, operation: String?, httpStatus: Int?) throws(ClickToDialError) {
        func invalid(_ reason: String) -> ClickToDialError {
            ClickToDialError(.invalidResponse, "the call resource \(reason)", operation: operation, httpStatus: httpStatus)
        }
        guard case .object = json else { throw invalid("is not a JSON object") }
        guard let callId = json["callId"]?.stringValue, ClickToDialIdentifiers.isValidCallId(callId) else {
            throw invalid("has no valid callId")
        }
        // The specification says a string; an object `{state}` (the notification shape) is accepted too.
        guard let status = json["status"]?.stringValue ?? json["status"]?["state"]?.stringValue, !status.isEmpty else {
            throw invalid("has no status")
        }
        self.callId = callId
        self.status = status
        caller = json["caller"]?["number"]?.stringValue ?? json["caller"]?.stringValue
        callee = json["callee"]?["number"]?.stringValue ?? json["callee"]?.stringValue
        createdAt = json["createdAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        recordingEnabled = json["recordingEnabled"]?.boolValue
        self.json = json
    }

    /// Whether the call is over: `disconnected` or `failed`.
    public var isFinal: Bool { status == "disconnected" || status == "failed" }
}
