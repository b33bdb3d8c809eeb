/// One complete (reassembled) WebSocket message.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message; its UTF-8 was validated.
    case text(String)
    /// A binary message.
    case binary([UInt8])

    /// The payload bytes, whichever the kind.
    public var bytes: [UInt8] {
        switch self {
        case .text(let text): return Array(text.utf8)
        case .binary(let bytes): return bytes
        }
    }
}
