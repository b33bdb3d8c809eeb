/// Something the server sent that breaks the hub protocol. Counted and logged; never a crash.
public struct HubProtocolViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        /// A record is not JSON (or not UTF-8).
        case malformedJSON = "signalr.violation.malformed_json"
        /// A record is JSON but not an object.
        case notAnObject = "signalr.violation.not_an_object"
        /// `type` is missing or not an integer.
        case missingType = "signalr.violation.missing_type"
        /// `type` is a number this protocol version does not define.
        case unknownType = "signalr.violation.unknown_type"
        /// A required field is missing or has the wrong JSON type.
        case invalidField = "signalr.violation.invalid_field"
        /// A Completion carries both `result` and `error`.
        case resultAndError = "signalr.violation.result_and_error"
        /// A record grew past `maximumRecordBytes` without its 0x1E terminator.
        case recordTooLarge = "signalr.violation.record_too_large"
        /// An empty record (two separators in a row).
        case emptyRecord = "signalr.violation.empty_record"
        /// The WebSocket was closed for an invalid or oversized message.
        case transportViolation = "signalr.violation.transport"
    }

    /// The reason.
    public let code: Code
    /// What was wrong (never the record's content, which may hold personal data).
    public let detail: String

    /// Creates a violation.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
