import Foundation
import SwitchboardEvents
import Testing

@Suite("State mapping: code and docs agree")
struct StateMappingDocTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("docs/event-schema.md embeds exactly StateMapping.markdownTable()")
    func docsEmbedTable() throws {
        let doc = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/event-schema.md"), encoding: .utf8)
        let begin = "<!-- BEGIN STATE MAPPING (generated: switchboard schema mapping) -->\n"
        let end = "\n<!-- END STATE MAPPING -->"
        let start = try #require(doc.range(of: begin), "docs/event-schema.md lacks the BEGIN marker")
        let stop = try #require(doc.range(of: end, range: start.upperBound..<doc.endIndex), "docs/event-schema.md lacks the END marker")
        let embedded = String(doc[start.upperBound..<stop.lowerBound])
        #expect(embedded == StateMapping.markdownTable(), "regenerate with `bash scripts/update-generated-docs.sh`")
    }

    @Test("every event type of the vocabulary is documented")
    func everyTypeDocumented() throws {
        let doc = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/event-schema.md"), encoding: .utf8)
        for type in CallEventType.allCases {
            #expect(doc.contains("`\(type.rawValue)`"), "docs/event-schema.md does not mention \(type.rawValue)")
        }
    }

    @Test("the JSON Schema lists the same vocabularies as the code")
    func schemaEnumsAgree() throws {
        let data = try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("schemas/call-event.v1.json"))
        let schema = try JSONValue.parse(data)
        func enumValues(_ path: String) -> Set<String> {
            Set(schema.value(atPath: path)?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        #expect(enumValues("properties.type.enum") == Set(CallEventType.allCases.map(\.rawValue)))
        #expect(enumValues("properties.platform.enum") == Set(Platform.allCases.map(\.rawValue)))
        #expect(enumValues("$defs.callData.properties.state.enum") == Set(CallState.allCases.map(\.rawValue)))
        #expect(enumValues("$defs.callData.properties.direction.enum") == Set(CallDirection.allCases.map(\.rawValue)))
        #expect(enumValues("$defs.reason.properties.code.enum") == Set(EndReason.allCases.map(\.rawValue)))
    }
}
