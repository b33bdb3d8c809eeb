/// The typed `data` of every normalized call event.
///
/// Only `callId`, `state`, `platformState`, `direction` and `original` are always present; the
/// rest is filled where the platform reports it. `original` keeps the platform's payload so
/// consumers that need platform detail never have to go back to the source.
public struct CallEventData: Sendable, Hashable, JSONRepresentable {
    /// The platform's id of the call (Telnect call id, SIP call id for Thello, CAMARA `callId`...).
    public var callId: String
    /// Other ids of the same call by kind (`sipCallId`, `historyId`, `cdrId`...).
    public var relatedIds: [String: String]
    /// The normalized state after this event.
    public var state: CallState
    /// The platform's own state or event name, verbatim.
    public var platformState: String
    /// Which party the state is about (`callingCaller` → caller), when the platform says.
    public var leg: CallLeg?
    public var reason: CallReason?
    public var direction: CallDirection
    public var from: Party?
    public var to: Party?
    /// The diverting party of a forwarded call.
    public var diverter: Party?
    public var queue: QueueFacts?
    /// Thello's call context id: constant through the call; the handle for `SetVariable`.
    public var callContextId: String?
    public var durations: CallDurations?
    public var recording: RecordingFacts?
    public var billing: BillingFacts?
    public var startedAt: Timestamp?
    public var answeredAt: Timestamp?
    public var endedAt: Timestamp?
    /// Call-flow variables read from the platform before routing (Thello `GetVariable`), by
    /// name; rules can match them (`data.variables.CUSTOMER_TIER`).
    public var variables: [String: JSONValue]
    /// Set on `switchboard.action.failed` events only: which action failed and why.
    public var failure: ActionFailure?
    /// The platform's payload for this event, as received.
    public var original: JSONValue

    public init(
        callId: String,
        relatedIds: [String: String] = [:],
        state: CallState,
        platformState: String,
        leg: CallLeg? = nil,
        reason: CallReason? = nil,
        direction: CallDirection = .unknown,
        from: Party? = nil,
        to: Party? = nil,
        diverter: Party? = nil,
        queue: QueueFacts? = nil,
        callContextId: String? = nil,
        durations: CallDurations? = nil,
        recording: RecordingFacts? = nil,
        billing: BillingFacts? = nil,
        startedAt: Timestamp? = nil,
        answeredAt: Timestamp? = nil,
        endedAt: Timestamp? = nil,
        variables: [String: JSONValue] = [:],
        failure: ActionFailure? = nil,
        original: JSONValue
    ) {
        self.callId = callId
        self.relatedIds = relatedIds
        self.state = state
        self.platformState = platformState
        self.leg = leg
        self.reason = reason
        self.direction = direction
        self.from = from
        self.to = to
        self.diverter = diverter
        self.queue = queue
        self.callContextId = callContextId
        self.durations = durations
        self.recording = recording
        self.billing = billing
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.variables = variables
        self.failure = failure
        self.original = original
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder(capacity: 16)
        // In name order, so the builder finds the members already sorted.
        object.set("answeredAt", answeredAt)
        object.set("billing", billing)
        object.set("callContextId", callContextId)
        object.set("callId", callId)
        object.set("direction", direction)
        object.set("diverter", diverter)
        object.set("durations", durations)
        object.set("endedAt", endedAt)
        object.set("failure", failure)
        object.set("from", from)
        object.set("leg", leg)
        object.set("original", json: original)
        object.set("platformState", platformState)
        object.set("queue", queue)
        object.set("reason", reason)
        object.set("recording", recording)
        if !relatedIds.isEmpty { object.set("relatedIds", json: .object(JSONObject(relatedIds.mapValues { JSONValue.string($0) }))) }
        object.set("startedAt", startedAt)
        object.set("state", state)
        object.set("to", to)
        if !variables.isEmpty { object.set("variables", json: .object(JSONObject(variables))) }
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        callId = try reader.string("callId")
        var relatedIds: [String: String] = [:]
        for (key, value) in reader.members["relatedIds"]?.objectValue ?? [:] {
            guard let id = value.stringValue else { throw EventDecodingError(path: reader.memberPath("relatedIds.\(key)"), "expected a string") }
            relatedIds[key] = id
        }
        self.relatedIds = relatedIds
        state = try reader.enumeration("state", as: CallState.self)
        platformState = try reader.string("platformState")
        leg = try reader.optionalEnumeration("leg", as: CallLeg.self)
        reason = try reader.optionalObject("reason", as: CallReason.self)
        direction = try reader.optionalEnumeration("direction", as: CallDirection.self) ?? .unknown
        from = try reader.optionalObject("from", as: Party.self)
        to = try reader.optionalObject("to", as: Party.self)
        diverter = try reader.optionalObject("diverter", as: Party.self)
        queue = try reader.optionalObject("queue", as: QueueFacts.self)
        callContextId = try reader.optionalString("callContextId")
        durations = try reader.optionalObject("durations", as: CallDurations.self)
        recording = try reader.optionalObject("recording", as: RecordingFacts.self)
        billing = try reader.optionalObject("billing", as: BillingFacts.self)
        startedAt = try reader.optionalDate("startedAt")
        answeredAt = try reader.optionalDate("answeredAt")
        endedAt = try reader.optionalDate("endedAt")
        if let value = reader.members["variables"], value != .null {
            guard let members = value.objectValue else {
                throw EventDecodingError(path: reader.memberPath("variables"), "expected an object, found \(value.kindName)")
            }
            variables = members.dictionary
        } else {
            variables = [:]
        }
        failure = try reader.optionalObject("failure", as: ActionFailure.self)
        guard let original = reader.members["original"] else { throw EventDecodingError(path: reader.memberPath("original"), "is required") }
        self.original = original
    }
}
