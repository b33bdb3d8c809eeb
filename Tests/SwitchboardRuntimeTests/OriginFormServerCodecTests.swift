import HTTPTypes
import NIOHTTP1
import NIOHTTPTypesHTTP1
import Testing

@testable import SwitchboardRuntime

@Suite("Origin-form server codec")
struct OriginFormServerCodecTests {
    @Test(
        "request fields are the library conversion's, name spellings included",
        arguments: [
            [("Host", "example.com"), ("Content-Type", "application/cloudevents+json"), ("Authorization", "Bearer t"), ("Content-Length", "12")],
            [("content-type", "application/json"), ("AUTHORIZATION", "Bearer t"), ("host", "a"), ("Host", "b"), ("ce-id", "1")],
            [("User-Agent", "wrk"), ("Accept", "*/*"), ("Accept-Encoding", "gzip"), ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")],
            [("X-Custom", "1"), ("x-custom", "2"), ("Bad Name", "dropped"), ("Cookie", "a=1; b=2"), ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")],
            [],
        ]
    )
    func fieldsMatchTheLibrary(_ pairs: [(String, String)]) {
        let headers = HTTPHeaders(pairs)
        let ours = OriginFormServerCodec.fields(headers)
        let library = HTTPFields(headers, splitCookie: false)
        #expect(ours == library)
        #expect(ours.map(\.name.rawName) == library.map(\.name.rawName))
    }
}
