import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import SwitchboardEvents

/// Converts between NIOHTTP1's server parts and HTTP Types parts, as `HTTP1ToHTTPServerCodec`
/// does, and takes that codec's place in the connection's pipeline.
///
/// The library codec runs every request target through Foundation's `URLComponents` to cut an
/// absolute-form target down to its path. Almost every request carries an origin-form target
/// (`/path?query`), which that parse returns unchanged, yet it cost 2.2 µs of the 5 µs
/// conversion per webhook request in the ingest profile. This codec keeps origin-form targets
/// as they are and leaves every other form (absolute, authority, `*`) to the library's
/// conversion, so the requests the handlers see are the same.
///
/// Hummingbird adds its codec before the additional channel handlers, so this handler, the
/// first of them, swaps itself in for it when it is added.
final class OriginFormServerCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let secure: Bool

    init(secure: Bool = false) {
        self.secure = secure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        // Without the library codec in the pipeline (another server setup) there is nothing
        // to replace, and this handler must not convert twice either.
        guard let library = try? pipeline.context(handlerType: HTTP1ToHTTPServerCodec.self) else {
            pipeline.removeHandler(context: context, promise: nil)
            return
        }
        pipeline.removeHandler(context: library, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            do {
                context.fireChannelRead(wrapInboundOut(.head(try request(from: head))))
            } catch {
                context.fireErrorCaught(error)
            }
        case .body(let body):
            context.fireChannelRead(wrapInboundOut(.body(body)))
        case .end(let trailers):
            context.fireChannelRead(wrapInboundOut(.end(trailers.map { HTTPFields($0, splitCookie: false) })))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            context.write(wrapOutboundOut(.head(HTTPResponseHead(response))), promise: promise)
        case .body(let body):
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: promise)
        case .end(let trailers):
            context.write(wrapOutboundOut(.end(trailers.map(HTTPHeaders.init))), promise: promise)
        }
    }

    private func request(from head: HTTPRequestHead) throws -> HTTPRequest {
        guard head.uri.utf8.first == UInt8(ascii: "/") else {
            return try HTTPRequest(head, secure: secure, splitCookie: false)
        }
        return HTTPRequest(
            method: try HTTPRequest.Method(head.method),
            scheme: secure ? "https" : "http",
            authority: head.headers["Host"].first,
            path: head.uri,
            headerFields: Self.fields(head.headers)
        )
    }

    /// The fields of `headers` as the library's `HTTPFields(_:splitCookie: false)` builds them
    /// (the first `Host` left out: it is the request's authority), but names spelled as HTTP
    /// Types' constants are (`Content-Type`, `Authorization`, what webhook senders send) are
    /// taken from those constants rather than validated and lowercased one by one.
    static func fields(_ headers: HTTPHeaders) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        var firstHost = true
        for (name, value) in headers {
            if firstHost && ASCIIText.equalsIgnoringCase(name[...], "host") {
                firstHost = false
                continue
            }
            if let fieldName = Self.knownName(name) ?? HTTPField.Name(name) {
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        return fields
    }

    private static let knownNames: [HTTPField.Name] = [
        .contentType, .contentLength, .authorization, .userAgent, .accept, .acceptEncoding, .connection, .transferEncoding,
    ]

    /// The constant whose spelling `name` has exactly (a different case is a different raw name).
    private static func knownName(_ name: String) -> HTTPField.Name? {
        for known in knownNames where known.rawName == name { return known }
        return nil
    }
}
