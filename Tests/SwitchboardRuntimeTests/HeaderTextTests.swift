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
}
