import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The baseline's POST route served in the channel pipeline, on the event loop, without
/// Hummingbird's async request handling: what a webhook costs when no Swift task runs per request.
final class EventLoopBaselineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let path: String
    private let resumer: ForeignThreadResumer?
    private var handling = false
    private var body: ByteBuffer?

    init(path: String, resumer: ForeignThreadResumer?) {
        self.path = path
        self.resumer = resumer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            handling = head.method == .post && head.path == path
            if !handling { context.fireChannelRead(data) }
        case .body(var buffer):
            guard handling else { return context.fireChannelRead(data) }
            if body == nil { body = buffer } else { body!.writeBuffer(&buffer) }
        case .end:
            guard handling else { return context.fireChannelRead(data) }
            handling = false
            body = nil
            if let resumer {
                let loop = context.eventLoop
                let respond = NIOLoopBound({ [self] in self.respond(context: context) }, eventLoop: loop)
                resumer.afterDelay { loop.execute { respond.value() } }
            } else {
                respond(context: context)
            }
        }
    }

    private func respond(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .noContent))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
