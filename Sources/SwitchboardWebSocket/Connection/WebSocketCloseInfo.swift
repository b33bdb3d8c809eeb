/// How and why a connection ended.
public struct WebSocketCloseInfo: Sendable, Hashable, CustomStringConvertible {
    /// Who ended the connection.
    public enum Initiator: String, Sendable, Hashable {
        /// This side called `close`, or closed because of a rule (oversize message, bad UTF-8, ping timeout).
        case local
        /// The peer sent a close frame.
        case peer
        /// The TCP connection went away without a close handshake, or never opened.
        case transport
    }

    /// The close code sent or received (1006 when there was no close frame).
    public var code: UInt16
    /// The close reason text, if any.
    public var reason: String
    /// Who ended it.
    public var initiator: Initiator

    /// Creates a close record.
    public init(code: UInt16, reason: String, initiator: Initiator) {
        self.code = code
        self.reason = reason
        self.initiator = initiator
    }

    /// Normal closure.
    public static let normalClosure: UInt16 = 1000
    /// The peer went away.
    public static let goingAway: UInt16 = 1001
    /// A text message was not valid UTF-8.
    public static let invalidPayload: UInt16 = 1007
    /// A message exceeded `maximumMessageBytes`.
    public static let messageTooBig: UInt16 = 1009
    /// The connection dropped without a close frame.
    public static let abnormalClosure: UInt16 = 1006
    /// An unexpected condition, such as a ping timeout.
    public static let internalError: UInt16 = 1011

    public var description: String { "\(initiator.rawValue) close \(code)\(reason.isEmpty ? "" : " (\(reason))")" }
}
