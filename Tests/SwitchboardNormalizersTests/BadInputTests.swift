import SwitchboardEvents
import SwitchboardNormalizers
import Testing

/// Hostile and broken bytes, for every platform: always a typed error, never a crash.
@Suite("Normalizers: bad input on every platform")
struct BadInputTests {
    /// A valid payload of each platform with `FIELD` where a string member goes, and that member's path.
    static let templates: [Platform: (payload: String, path: String)] = [
        .thello: (#"{"type":1,"target":"BlocEvent","arguments":["bloc-1","QUEUE_ENTER",FIELD,"","","","","ctx"]}"#, "arguments[2]"),
        .telnect: (#"{"id":"call-1","status":FIELD}"#, "status"),
        .clicktodial: (#"{"specversion":"1.0","id":"e","source":"s","type":"org.camaraproject.click-to-dial.v0.status-changed","data":{"callId":FIELD,"status":"connected"}}"#, "data.callId"),
        .antbuddy: (#"{"caller":"1","callee":"2","status_detail":FIELD}"#, "status_detail"),
        .telecomcenter: (#"{"data":[{"id":"1","type":"termination_cdrs","attributes":{"orig_call_id":FIELD}}]}"#, "data[0].attributes.orig_call_id"),
    ]

    static func payload(_ platform: Platform, field: String) -> String {
        templates[platform]!.payload.replacingOccurrences(of: "FIELD", with: TestSupport.quoted(field))
    }

    @Test("the templates are valid payloads", arguments: Platform.allCases)
    func templatesAreValid(platform: Platform) throws {
        #expect(try TestSupport.normalize(platform, Self.payload(platform, field: "SUCCESS")).count == 1)
    }

    @Test("an empty body", arguments: Platform.allCases)
    func emptyBody(platform: Platform) {
        #expect(TestSupport.error(platform, [UInt8]())?.code == "invalid-json.empty")
        #expect(TestSupport.error(platform, " \n\t")?.code == "invalid-json.empty")
    }

    @Test("invalid UTF-8", arguments: Platform.allCases)
    func invalidUTF8(platform: Platform) {
        var bytes = Array(Self.payload(platform, field: "ok").utf8)
        bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: bytes.count / 2)
        #expect(TestSupport.error(platform, bytes)?.code == "invalid-json.invalid-utf8")
    }

    @Test("malformed JSON", arguments: Platform.allCases)
    func malformed(platform: Platform) {
        let text = Self.payload(platform, field: "ok")
        #expect(TestSupport.error(platform, String(text.dropLast(2)))?.code == "invalid-json.malformed")
        #expect(TestSupport.error(platform, "{'single': 'quotes'}")?.code == "invalid-json.malformed")
    }

    @Test("a 1 MB string is refused by the size limit, or by the field limit when the size limit allows it", arguments: Platform.allCases)
    func oneMegabyteString(platform: Platform) throws {
        let huge = String(repeating: "x", count: 1_048_576)
        let text = Self.payload(platform, field: huge)
        #expect(TestSupport.error(platform, text)?.code == "invalid-json.too-large")

        let generous = NormalizationContext(receivedAt: TestSupport.receivedAt, limits: JSONLimits(maximumBytes: 4_194_304, maximumDepth: 32))
        let error = try #require(TestSupport.error(platform, text, context: generous))
        #expect(error.code == "invalid-value")
        #expect(error.path == Self.templates[platform]!.path)
        #expect(error.description.count < 200, "the message does not echo the value")
    }

    @Test("deeply nested JSON", arguments: Platform.allCases)
    func deeplyNested(platform: Platform) {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(TestSupport.error(platform, deep)?.code == "invalid-json.too-deep")
        let inField = Self.templates[platform]!.payload.replacingOccurrences(
            of: "FIELD", with: String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40))
        #expect(TestSupport.error(platform, inField)?.code == "invalid-json.too-deep")
    }

    @Test("moderate nesting in unknown members is kept in `original`", arguments: Platform.allCases)
    func unknownMembersKept(platform: Platform) throws {
        let nested = String(repeating: "{\"a\":", count: 10) + "[1,2.5,null,true]" + String(repeating: "}", count: 10)
        let member = "\"x_extension\":\(nested),"
        var text = Self.payload(platform, field: "SUCCESS")
        // A CDR's `original` is its resource object: the extension goes into its attributes.
        let anchor = platform == .telecomcenter ? "\"attributes\":{" : "{"
        let range = try #require(text.range(of: anchor))
        text.insert(contentsOf: member, at: range.upperBound)
        let event = try #require(try TestSupport.normalize(platform, text).first)
        let path = platform == .telecomcenter ? "attributes.x_extension" : "x_extension"
        #expect(event.data.original.value(atPath: path) == (try JSONValue.parse(nested)), "kept verbatim")
    }

    @Test("wrong top-level kinds", arguments: Platform.allCases)
    func wrongTopLevel(platform: Platform) throws {
        for text in ["42", "\"text\"", "true", "null"] {
            let error = try #require(TestSupport.error(platform, text), "\(text) must be refused")
            #expect(error.code == "wrong-type", "\(text): \(error)")
        }
    }

    @Test("errors describe themselves on one line with their code and path")
    func descriptions() {
        let error = NormalizationError.wrongType(path: "arguments[2]", expected: "string", found: "number")
        #expect(error.description == "arguments[2]: expected string, found number")
        #expect(error.code == "wrong-type")
        #expect(error.path == "arguments[2]")
        let long = NormalizationError.unsupportedType(path: "type", value: String(repeating: "y", count: 5000))
        #expect(long.description.count < 120)
        #expect(!long.description.contains("\n"))
    }
}
