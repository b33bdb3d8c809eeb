import HTTPTypes
@testable import SwitchboardRuntime
import Testing

@Suite("Header values on the ingest path")
struct HeaderTextTests {
    @Test("a field's value reads as HTTPFields' subscript does: absent, single, repeated fields joined")
    func value() {
        var headers: HTTPFields = [.contentType: "application/cloudevents+json"]
        #expect(HeaderText.value(.authorization, in: headers) == nil)
        #expect(HeaderText.value(.contentType, in: headers) == "application/cloudevents+json")
        headers.append(HTTPField(name: .authorization, value: "Bearer one"))
        headers.append(HTTPField(name: .authorization, value: "Bearer two"))
        // Two Authorization fields never read as one valid token.
        #expect(HeaderText.value(.authorization, in: headers) == "Bearer one, Bearer two")
        #expect(HeaderText.value(.authorization, in: headers) == headers[.authorization])
    }

    @Test("a media type's essence: parameters, spaces and case do not change it", arguments: [
        ("application/cloudevents+json", "application/cloudevents+json", "application/cloudevents+json"),
        ("  application/cloudevents+json ", "application/cloudevents+json", "application/cloudevents+json"),
        ("application/cloudevents+json; charset=utf-8", "application/cloudevents+json; charset=utf-8", "application/cloudevents+json"),
        ("Application/CloudEvents+JSON ;charset=UTF-8", "Application/CloudEvents+JSON ;charset=UTF-8", "application/cloudevents+json"),
        (";charset=utf-8", ";charset=utf-8", ""),
        ("", "", ""),
    ])
    func mediaType(header: String, raw: String, essence: String) {
        let type = MediaType(header)
        #expect(type.raw == raw)
        #expect(type.essence == essence)
    }
}
