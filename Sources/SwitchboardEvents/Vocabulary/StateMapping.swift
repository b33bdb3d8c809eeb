/// How one platform state or event name maps onto the common vocabulary.
public struct StateMappingRow: Sendable, Hashable {
    public let platform: Platform
    /// The platform's value, verbatim (`QUEUE_ENTER`, `callingCallee`, `BUSY`...).
    public let platformValue: String
    public let type: CallEventType
    public let state: CallState
    /// The reason implied by the state itself, if any (a `BUSY` history record).
    public let reason: EndReason?
    /// The party the state is about, if the state says.
    public let leg: CallLeg?
    /// Where the value comes from on the wire.
    public let field: String

    public init(_ platform: Platform, _ platformValue: String, _ type: CallEventType, _ state: CallState,
                reason: EndReason? = nil, leg: CallLeg? = nil, field: String) {
        self.platform = platform
        self.platformValue = platformValue
        self.type = type
        self.state = state
        self.reason = reason
        self.leg = leg
        self.field = field
    }
}

/// How one platform reason maps onto `EndReason`.
public struct ReasonMappingRow: Sendable, Hashable {
    public let platform: Platform
    public let platformValue: String
    public let reason: EndReason
    public let leg: CallLeg?

    public init(_ platform: Platform, _ platformValue: String, _ reason: EndReason, leg: CallLeg? = nil) {
        self.platform = platform
        self.platformValue = platformValue
        self.reason = reason
        self.leg = leg
    }
}

/// The single source of the platform → common vocabulary mapping.
///
/// Normalizers look values up here, and `docs/event-schema.md` embeds `markdownTable()`
/// verbatim (a test checks they agree), so the documentation cannot drift from the code.
public enum StateMapping {
    public static let states: [StateMappingRow] = [
        // Thello: SignalR BlocEvent `eventName`.
        .init(.thello, "QUEUE_ENTER", .queueEntered, .queued, field: "BlocEvent eventName"),
        .init(.thello, "QUEUE_FIRST", .queueFirst, .queued, field: "BlocEvent eventName"),
        .init(.thello, "QUEUE_ANSWERED", .queueAnswered, .answered, field: "BlocEvent eventName"),
        .init(.thello, "QUEUE_FALLBACK", .queueFallback, .queued, field: "BlocEvent eventName"),
        .init(.thello, "QUEUE_HANGUP", .queueHangup, .ended, reason: .hangup, field: "BlocEvent eventName"),
        .init(.thello, "(any other event name)", .blocEvent, .unknown, field: "BlocEvent eventName"),
        // Telnect: call `status` on the WebSocket / event_callback.
        .init(.telnect, "created", .initiated, .initiated, field: "status"),
        .init(.telnect, "trying", .progress, .progress, field: "status"),
        .init(.telnect, "early", .progress, .progress, field: "status"),
        .init(.telnect, "progress", .progress, .progress, field: "status"),
        .init(.telnect, "ringing", .ringing, .ringing, field: "status"),
        .init(.telnect, "answered", .answered, .answered, field: "status"),
        .init(.telnect, "hangup", .ended, .ended, reason: .hangup, field: "status"),
        .init(.telnect, "completed", .completed, .ended, reason: .hangup, field: "status (call history)"),
        .init(.telnect, "failed", .failed, .failed, reason: .failure, field: "status"),
        .init(.telnect, "error", .failed, .failed, reason: .failure, field: "status / event"),
        // CAMARA Click-to-Dial: `data.status.state` (or the older flat `data.status`).
        .init(.clicktodial, "initiating", .initiated, .initiated, field: "data.status.state"),
        .init(.clicktodial, "callingCaller", .ringing, .ringing, leg: .caller, field: "data.status.state"),
        .init(.clicktodial, "callingCallee", .ringing, .ringing, leg: .callee, field: "data.status.state"),
        .init(.clicktodial, "connected", .answered, .answered, field: "data.status.state"),
        .init(.clicktodial, "disconnected", .ended, .ended, field: "data.status.state"),
        .init(.clicktodial, "failed", .failed, .failed, field: "data.status.state"),
        // AntBuddy-style PBX: call history `status_detail`.
        .init(.antbuddy, "SUCCESS", .completed, .ended, reason: .hangup, field: "history status_detail"),
        .init(.antbuddy, "IVR", .completed, .ended, reason: .noAnswer, field: "history status_detail"),
        .init(.antbuddy, "CANCELLED", .completed, .failed, reason: .cancelled, field: "history status_detail"),
        .init(.antbuddy, "BUSY", .completed, .failed, reason: .busy, field: "history status_detail"),
        .init(.antbuddy, "UNSUCCESS", .completed, .failed, reason: .failure, field: "history status_detail"),
        // AntBuddy-style PBX: websocket call signal `state` (see docs for the accepted shape).
        .init(.antbuddy, "dialing", .initiated, .initiated, field: "signal state"),
        .init(.antbuddy, "ringing", .ringing, .ringing, field: "signal state"),
        .init(.antbuddy, "answered", .answered, .answered, field: "signal state"),
        .init(.antbuddy, "hangup", .ended, .ended, reason: .hangup, field: "signal state"),
        // telecom.center: CDR resource type; the outcome comes from `success` / duration.
        .init(.telecomcenter, "cdrs (success)", .completed, .ended, reason: .hangup, field: "JSON:API type + attributes.success"),
        .init(.telecomcenter, "cdrs (not success)", .completed, .failed, field: "JSON:API type + attributes.success"),
    ]

    public static let reasons: [ReasonMappingRow] = [
        .init(.clicktodial, "hangUp", .hangup),
        .init(.clicktodial, "callerBusy", .busy, leg: .caller),
        .init(.clicktodial, "callerNoAnswer", .noAnswer, leg: .caller),
        .init(.clicktodial, "callerFailure", .failure, leg: .caller),
        .init(.clicktodial, "callerAbandon", .cancelled, leg: .caller),
        .init(.clicktodial, "calleeBusy", .busy, leg: .callee),
        .init(.clicktodial, "calleeNoAnswer", .noAnswer, leg: .callee),
        .init(.clicktodial, "calleeFailure", .failure, leg: .callee),
        .init(.clicktodial, "other", .other),
        // telecom.center: SIP final response of leg A (`aleg_code` / `lega_disconnect_code`) of an
        // unsuccessful CDR; other codes give `failure`.
        .init(.telecomcenter, "486", .busy, leg: .callee),
        .init(.telecomcenter, "600", .busy, leg: .callee),
        .init(.telecomcenter, "480", .noAnswer, leg: .callee),
        .init(.telecomcenter, "408", .noAnswer, leg: .callee),
        .init(.telecomcenter, "487", .cancelled, leg: .caller),
        .init(.telecomcenter, "603", .rejected, leg: .callee),
    ]

    private static let stateIndex: [Platform: [String: StateMappingRow]] = {
        var index: [Platform: [String: StateMappingRow]] = [:]
        for row in states { index[row.platform, default: [:]][row.platformValue] = row }
        return index
    }()

    private static let reasonIndex: [Platform: [String: ReasonMappingRow]] = {
        var index: [Platform: [String: ReasonMappingRow]] = [:]
        for row in reasons { index[row.platform, default: [:]][row.platformValue] = row }
        return index
    }()

    /// The row for a platform value, matched exactly first, then case-insensitively.
    public static func state(_ platform: Platform, _ value: String) -> StateMappingRow? {
        guard let rows = stateIndex[platform] else { return nil }
        if let row = rows[value] { return row }
        return rows.first { $0.key.caseInsensitiveCompare(value) == .orderedSame }?.value
    }

    public static func reason(_ platform: Platform, _ value: String) -> ReasonMappingRow? {
        guard let rows = reasonIndex[platform] else { return nil }
        if let row = rows[value] { return row }
        return rows.first { $0.key.caseInsensitiveCompare(value) == .orderedSame }?.value
    }

    /// The mapping tables as Markdown, exactly as embedded in `docs/event-schema.md`.
    public static func markdownTable() -> String {
        var lines = [
            "| platform | wire field | platform value | CloudEvent `type` | `data.state` | `data.reason.code` | `data.leg` |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in states {
            lines.append("| \(row.platform.rawValue) | \(row.field) | `\(row.platformValue)` | `\(row.type.rawValue)` | `\(row.state.rawValue)` | \(row.reason.map { "`\($0.rawValue)`" } ?? "") | \(row.leg.map { "`\($0.rawValue)`" } ?? "") |")
        }
        lines.append("")
        lines.append("| platform | platform reason | `data.reason.code` | `data.reason.leg` |")
        lines.append("|---|---|---|---|")
        for row in reasons {
            lines.append("| \(row.platform.rawValue) | `\(row.platformValue)` | `\(row.reason.rawValue)` | \(row.leg.map { "`\($0.rawValue)`" } ?? "") |")
        }
        return lines.joined(separator: "\n")
    }
}
