import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import SwitchboardEvents

/// Serves the webhook routes in the HTTP channel pipeline, on the connection's event loop;
/// every other request passes through to Hummingbird's router.
///
/// Why not a Hummingbird route: a route runs a Swift task per request, hops to the cooperative
/// pool and back, and streams the body through async sequences. On the benchmark machine that
/// machinery cost as much CPU as all of Switchboard's own work (about 45 µs of 80 per request
/// for a bare handler, see docs/performance.md). Here a request is read, decoded, normalized and
/// routed on the event loop, handed to librdkafka, and answered from the delivery report.
///
/// One handler per connection, between the HTTP codec and Hummingbird's handler. It keeps
/// HTTP/1.1 pipelining in order across both: a request that arrives while an earlier one (its
/// own or Hummingbird's) is unanswered is held, and reading pauses, until that answer is written.
/// A close from Hummingbird (idle connection, shutdown) waits for the answers still due here, so
/// a client is not left without the answer to an event that was accepted.
final class WebhookChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Bodies above this size are decoded and routed in a task, so one large batch does not
    /// stall the other connections of the event loop.
    static let eventLoopBodyLimit = 64 * 1024

    private enum Reading {
        /// Between requests.
        case idle
        /// A request for Hummingbird: its parts pass through.
        case forwarding
        /// An admitted webhook POST whose body is being read.
        case collecting(WebhookRoute, HTTPRequest, receivedAt: Timestamp, close: Bool, body: ByteBuffer?)
        /// The answer is known (a rejection, a handshake); the rest of the request is read and dropped.
        case answerAtEnd(WebhookResponse, close: Bool)
    }

    private let routes: [String: WebhookRoute]
    private let serverName: String?
    private var reading = Reading.idle
    /// Requests (both kinds) whose answer has not been written completely.
    private var unanswered = 0
    /// Webhook requests waiting for their sink; a close waits for them.
    private var awaitingSink = 0
    private var deferredCloses: [(mode: CloseMode, promise: EventLoopPromise<Void>?)] = []
    /// Parts of pipelined requests that arrived while an earlier answer was due.
    private var held = CircularBuffer<HTTPRequestPart>()
    private var readWithheld = false
    /// Whether a part went on to Hummingbird since the last read-complete passed on.
    private var forwardedSinceReadComplete = false
    /// The context of `OriginFormServerCodec`, right below this handler: answers are written
    /// there as NIOHTTP1 parts, which spares building HTTP Types fields only for the codec to
    /// convert them back (about 1.5 µs of the 5 µs an answer took in user space). Nil without
    /// that codec (then answers take the HTTP Types path, as Hummingbird's do).
    private var encoderContext: ChannelHandlerContext?
    /// The head of the last answer without headers of its own (the usual 2xx), reused while
    /// the `Date` second and the status stay the same.
    private var plainHead: (second: Int, status: Int, head: HTTPResponseHead)?

    /// - Parameters:
    ///   - routes: the webhook routes by path.
    ///   - serverName: the `Server` header of answers, as Hummingbird sends it.
    init(routes: [String: WebhookRoute], serverName: String?) {
        self.routes = routes
        self.serverName = serverName
    }

    func handlerAdded(context: ChannelHandlerContext) {
        encoderContext = try? context.pipeline.syncOperations.context(handlerType: OriginFormServerCodec.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        encoderContext = nil
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !held.isEmpty || mustWait(before: part) {
            held.append(part)
            return
        }
        handle(part, context: context)
    }

    /// A new request waits while an earlier one is unanswered.
    private func mustWait(before part: HTTPRequestPart) -> Bool {
        guard case .head = part, case .idle = reading else { return false }
        return unanswered > 0
    }

    private func handle(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (reading, part) {
        case (.idle, .head(let head)):
            unanswered += 1
            guard let route = routes[Self.split(target: head.path).path] else {
                reading = .forwarding
                forward(part, context: context)
                return
            }
            let close = Self.asksToClose(head)
            switch head.method {
            case .post:
                if let problem = route.admit(head) {
                    reading = .answerAtEnd(route.reject(problem), close: close)
                } else {
                    reading = .collecting(route, head, receivedAt: Timestamp.now(), close: close, body: nil)
                }
            case .options:
                reading = .answerAtEnd(route.handshake(head), close: close)
            default:
                reading = .answerAtEnd(WebhookResponse(status: .methodNotAllowed, headers: [.allow: "POST, OPTIONS"]), close: close)
            }
        case (.forwarding, _):
            if case .end = part { reading = .idle }
            forward(part, context: context)
        case (.collecting(let route, let head, let receivedAt, let close, var body), .body(var buffer)):
            reading = .idle  // drops the reference so the buffer below can grow in place
            if body == nil {
                body = buffer
            } else {
                body!.writeBuffer(&buffer)
            }
            if body!.readableBytes > route.maxBodyBytes {
                reading = .answerAtEnd(route.reject(route.bodyTooLarge), close: close)
            } else {
                reading = .collecting(route, head, receivedAt: receivedAt, close: close, body: body)
            }
        case (.collecting(let route, let head, let receivedAt, let close, let body), .end):
            reading = .idle
            deliver(route, head, receivedAt: receivedAt, close: close, body: body, context: context)
        case (.answerAtEnd, .body):
            break
        case (.answerAtEnd(let response, let close), .end):
            reading = .idle
            write(response, close: close, context: context)
        case (.idle, _), (.collecting, .head), (.answerAtEnd, .head):
            // The codec only produces head, body..., end: anything else is not ours to judge.
            forward(part, context: context)
        }
    }

    private func deliver(_ route: WebhookRoute, _ head: HTTPRequest, receivedAt: Timestamp, close: Bool, body: ByteBuffer?, context: ChannelHandlerContext) {
        awaitingSink += 1
        let bytes = body.map { Array($0.readableBytesView) } ?? []
        let loop = context.eventLoop
        let answer = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let respond: @Sendable (WebhookResponse) -> Void = { response in
            if loop.inEventLoop {
                answer.value.handler.answered(response, close: close, context: answer.value.context)
            } else {
                loop.execute { answer.value.handler.answered(response, close: close, context: answer.value.context) }
            }
        }
        if bytes.count > Self.eventLoopBodyLimit {
            Task { route.deliver(head: head, body: bytes, receivedAt: receivedAt, respond: respond) }
        } else {
            route.deliver(head: head, body: bytes, receivedAt: receivedAt, respond: respond)
        }
    }

    private func answered(_ response: WebhookResponse, close: Bool, context: ChannelHandlerContext) {
        awaitingSink -= 1
        write(response, close: close, context: context)
        if awaitingSink == 0, !deferredCloses.isEmpty {
            let closes = deferredCloses
            deferredCloses = []
            for close in closes { context.close(mode: close.mode, promise: close.promise) }
        }
    }

    private func write(_ response: WebhookResponse, close: Bool, context: ChannelHandlerContext) {
        let head = responseHead(response, close: close)
        if let encoder = encoderContext {
            encoder.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
            if !response.body.isEmpty {
                encoder.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
            }
            encoder.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        } else {
            let converted = (try? HTTPResponse(head)) ?? HTTPResponse(status: response.status)
            context.write(wrapOutboundOut(.head(converted)), promise: nil)
            if !response.body.isEmpty {
                context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: response.body))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        // As Hummingbird's connection handler does: the flushed answer goes out before the close.
        if close { context.close(promise: nil) }
        finishedAnswer(context: context)
    }

    /// The HTTP/1.1 head of `response`: its headers, then `Content-Length` (never on a 204 or
    /// 1xx, RFC 9110 §8.6), `Date`, `Server` and `Connection: close` as asked.
    private func responseHead(_ response: WebhookResponse, close: Bool) -> HTTPResponseHead {
        let date = HTTPDate.current()
        let plain = response.headers.isEmpty && response.body.isEmpty && !close
        if plain, let cached = plainHead, cached.second == date.second, cached.status == response.status.code {
            return cached.head
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 4)
        for field in response.headers {
            headers.add(name: field.name.rawName, value: field.value)
        }
        if response.status != .noContent && response.status.kind != .informational {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        headers.add(name: "Date", value: date.text)
        if let serverName { headers.add(name: "Server", value: serverName) }
        if close { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1,
            status: HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase),
            headers: headers
        )
        if plain { plainHead = (date.second, response.status.code, head) }
        return head
    }

    /// One answer is complete: a held request may go on.
    private func finishedAnswer(context: ChannelHandlerContext) {
        // Hummingbird also answers what never came through here as a request (a parse error).
        unanswered = max(0, unanswered - 1)
        var replayed = false
        while let next = held.first, !mustWait(before: next) {
            held.removeFirst()
            handle(next, context: context)
            replayed = true
        }
        // Outside a read cycle: Hummingbird's handler passes reads on at read-complete.
        if replayed && forwardedSinceReadComplete {
            forwardedSinceReadComplete = false
            context.fireChannelReadComplete()
        }
        if held.isEmpty && readWithheld {
            readWithheld = false
            context.read()
        }
    }

    private func forward(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        forwardedSinceReadComplete = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Hummingbird's handler hands what it read to its request task at read-complete: after
        // a read of webhook requests only it has nothing to hand on (0.7 % of the event loops).
        guard forwardedSinceReadComplete else { return }
        forwardedSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        held.removeAll()
        reading = .idle
        context.fireChannelInactive()
    }

    // MARK: Outbound (Hummingbird's answers and closes)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        if isEnd { finishedAnswer(context: context) }
    }

    func read(context: ChannelHandlerContext) {
        // Reading pauses while requests are held, so a pipelining client cannot fill memory.
        if held.isEmpty {
            context.read()
        } else {
            readWithheld = true
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if awaitingSink > 0, mode != .input, context.channel.isActive {
            deferredCloses.append((mode, promise))
            return
        }
        context.close(mode: mode, promise: promise)
    }

    /// Whether the request says `Connection: close` (the header is a token list, any case).
    static func asksToClose(_ head: HTTPRequest) -> Bool {
        guard let connection = head.headerFields[.connection] else { return false }
        return connection.split(separator: ",").contains { ASCIIText.equalsIgnoringCase(ASCIIText.trimmed($0), "close") }
    }

    /// A request target (`/path?query`) cut at the first `?`; the query without it.
    static func split(target: String?) -> (path: String, query: String?) {
        guard let target else { return ("", nil) }
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
