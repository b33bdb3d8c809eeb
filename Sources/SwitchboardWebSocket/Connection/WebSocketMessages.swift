/// The messages of one connection, in arrival order; it ends when the connection closes.
///
/// Meant for a single consumer. Not reading applies backpressure: after
/// `receiveBufferMessages` unread messages the client stops reading from the socket.
public struct WebSocketMessages: AsyncSequence, Sendable {
    public typealias Element = WebSocketMessage
    public typealias Failure = Never

    let inbox: WebSocketInbox

    /// Iterates the messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: WebSocketInbox

        public mutating func next() async -> WebSocketMessage? {
            await inbox.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> WebSocketMessage? {
            await inbox.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inbox: inbox)
    }
}
