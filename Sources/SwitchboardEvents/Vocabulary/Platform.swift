/// The telephony platforms Switchboard connects to.
public enum Platform: String, Sendable, Hashable, Codable, CaseIterable {
    /// Thello: SignalR hub with bloc notifications and call-context variables.
    case thello
    /// Telnect: REST API with WebSocket and `event_callback` call events.
    case telnect
    /// CAMARA Click-to-Dial: CloudEvents status notifications.
    case clicktodial
    /// AntBuddy-style PBX open API: websocket call signals and call history.
    case antbuddy
    /// telecom.center Operator API: termination and incoming-trunk CDRs.
    case telecomcenter

    /// The default CloudEvents `source` for events of this platform when no instance name is configured.
    public var defaultSource: String { "switchboard://\(rawValue)" }
}
