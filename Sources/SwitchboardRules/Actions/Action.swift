import SwitchboardEvents

/// A resolved action: what an executor should do, with every argument already evaluated.
///
/// Execution belongs to the connectors; the rule engine only plans.
public enum Action: Sendable, Hashable {
    case kafka(KafkaPublish)
    case thelloSetVariable(ThelloSetVariable)
    case thelloBlocNotify(ThelloBlocNotify)
    case telnectCallAction(TelnectCallAction)
    case telnectHangup(callId: String)
    case telnectCall(TelnectCall)
    case clickToDialRelease(callId: String)
    case clickToDialCall(ClickToDialCall)
    case antbuddyClickToCall(AntBuddyClickToCall)
    case httpForward(HTTPForward)
    /// Stop: no later rule runs for this event (actions of earlier rules stay planned).
    case drop
    case log(LogAction)

    /// The action's name as written in rule files (`thello.setVariable`).
    public var name: String {
        switch self {
        case .kafka: return "kafka"
        case .thelloSetVariable: return "thello.setVariable"
        case .thelloBlocNotify: return "thello.blocNotify"
        case .telnectCallAction: return "telnect.callAction"
        case .telnectHangup: return "telnect.hangup"
        case .telnectCall: return "telnect.call"
        case .clickToDialRelease: return "clicktodial.release"
        case .clickToDialCall: return "clicktodial.call"
        case .antbuddyClickToCall: return "antbuddy.clickToCall"
        case .httpForward: return "http.forward"
        case .drop: return "drop"
        case .log: return "log"
        }
    }
}

/// How a CloudEvent is carried (CloudEvents Kafka and HTTP bindings).
public enum ContentMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Attributes in headers (`ce_*` / `ce-*`), `data` as the body.
    case binary
    /// The whole event as `application/cloudevents+json`.
    case structured
}

/// Publish the event to a Kafka topic.
public struct KafkaPublish: Sendable, Hashable {
    public var topic: String
    /// The message key; by default the event's `partitionkey`, so one call stays on one partition.
    public var key: String?
    public var contentMode: ContentMode
    /// Extra headers added to the CloudEvents headers.
    public var headers: [String: String]

    public init(topic: String, key: String?, contentMode: ContentMode, headers: [String: String]) {
        self.topic = topic
        self.key = key
        self.contentMode = contentMode
        self.headers = headers
    }
}

/// Thello hub `SetVariable(callContextId, name, value)`.
public struct ThelloSetVariable: Sendable, Hashable {
    public var contextId: String
    public var name: String
    /// The variable's value; its JSON type is kept (`object value` on the hub).
    public var value: JSONValue

    public init(contextId: String, name: String, value: JSONValue) {
        self.contextId = contextId
        self.name = name
        self.value = value
    }
}

/// Thello hub `BlocNotify(blocId, eventName, sipCallId, fromName, fromNumber, to, data, contextId)`.
public struct ThelloBlocNotify: Sendable, Hashable {
    public var blocId: String
    public var eventName: String
    public var sipCallId: String?
    public var fromName: String?
    public var fromNumber: String?
    public var to: String?
    public var data: String?
    public var contextId: String?

    public init(blocId: String, eventName: String, sipCallId: String? = nil, fromName: String? = nil, fromNumber: String? = nil,
                to: String? = nil, data: String? = nil, contextId: String? = nil) {
        self.blocId = blocId
        self.eventName = eventName
        self.sipCallId = sipCallId
        self.fromName = fromName
        self.fromNumber = fromNumber
        self.to = to
        self.data = data
        self.contextId = contextId
    }
}

/// Telnect `POST /Calls/{id}/actions`.
public struct TelnectCallAction: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case transfer, hold, resume, mute, unmute
    }

    public var callId: String
    public var action: Kind
    /// Where to transfer; present exactly when `action` is `transfer`.
    public var destination: String?

    public init(callId: String, action: Kind, destination: String? = nil) {
        self.callId = callId
        self.action = action
        self.destination = destination
    }
}

/// Telnect `POST /Calls`: call `destination` from `source` (both `{"type": "phone"}` numbers).
public struct TelnectCall: Sendable, Hashable {
    public var source: String
    public var destination: String
    /// `options.record`; `nil` leaves it out.
    public var record: Bool?
    /// `options.timeout` in seconds; `nil` leaves it out.
    public var timeoutSeconds: Int?
    /// The configured Telnect account to call from; `nil` uses the event's account.
    public var account: String?

    public init(source: String, destination: String, record: Bool? = nil, timeoutSeconds: Int? = nil, account: String? = nil) {
        self.source = source
        self.destination = destination
        self.record = record
        self.timeoutSeconds = timeoutSeconds
        self.account = account
    }
}

/// CAMARA `POST /calls`: connect `caller` and `callee`. The sink and its token come from the
/// connector, never from rules.
public struct ClickToDialCall: Sendable, Hashable {
    /// E.164 with the leading `+`.
    public var caller: String
    public var callee: String
    /// `nil` leaves the choice to the provider.
    public var recordingEnabled: Bool?

    public init(caller: String, callee: String, recordingEnabled: Bool? = nil) {
        self.caller = caller
        self.callee = callee
        self.recordingEnabled = recordingEnabled
    }
}

/// AntBuddy `POST /oapi/v1/call/click-to-call/:number`. The SIP password is connector
/// configuration, never a rule argument, so it cannot leak into rule files or plans.
public struct AntBuddyClickToCall: Sendable, Hashable {
    public var number: String
    public var sipUser: String

    public init(number: String, sipUser: String) {
        self.number = number
        self.sipUser = sipUser
    }
}

/// Forward the event over HTTP with the CloudEvents binding.
public struct HTTPForward: Sendable, Hashable {
    public var url: String
    public var contentMode: ContentMode
    public var headers: [String: String]

    public init(url: String, contentMode: ContentMode, headers: [String: String]) {
        self.url = url
        self.contentMode = contentMode
        self.headers = headers
    }
}

/// Write a line to the service log.
public struct LogAction: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, CaseIterable {
        case debug, info, notice, warning, error
    }

    public var level: Level
    public var message: String

    public init(level: Level, message: String) {
        self.level = level
        self.message = message
    }
}
