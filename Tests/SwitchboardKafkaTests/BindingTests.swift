import Foundation
import SwitchboardEvents
import SwitchboardKafka
import Testing

@Suite("CloudEvents Kafka binding")
struct BindingTests {
    let event = Fixtures.event(call: 7, sequence: 3, extensions: ["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"])

    @Test("binary mode: key, every ce_ header, content-type and the data as value")
    func binaryRecord() throws {
        let record = CloudEventsKafkaBinding.encode(event, mode: .binary)
        #expect(record.key == Array("ctx-7".utf8))
        let headers = Dictionary(record.headers.map { ($0.name, $0.text) }, uniquingKeysWith: { _, last in last })
        #expect(headers == [
            "ce_specversion": "1.0",
            "ce_id": "call-7-3",
            "ce_source": "switchboard://thello/tenant-a",
            "ce_type": "switchboard.call.ringing",
            "ce_subject": "sip-7",
            "ce_time": "2023-11-14T22:13:20.003Z",
            "ce_dataschema": CallEvent.dataSchema,
            "ce_platform": "thello",
            "ce_partitionkey": "ctx-7",
            "ce_traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "content-type": "application/json",
        ])
        #expect(record.headers.count == headers.count, "no header is repeated")
        #expect(record.value == Array(event.data.jsonValue().jsonData()))
        #expect(try CloudEventsKafkaBinding.decode(record) == event)
    }

    @Test("encoding from the router's JSON form gives the same record, headers sorted by name", arguments: [ContentMode.binary, .structured])
    func encodeFromJSON(mode: ContentMode) {
        let record = CloudEventsKafkaBinding.encode(event, json: event.jsonValue(), mode: mode)
        #expect(record == CloudEventsKafkaBinding.encode(event, mode: mode))
        let names = record.headers.map(\.name).filter { $0.hasPrefix("ce_") }
        #expect(names == names.sorted())
    }

    @Test("structured mode: the whole event as value with application/cloudevents+json")
    func structuredRecord() throws {
        let record = CloudEventsKafkaBinding.encode(event, mode: .structured)
        #expect(record.key == Array("ctx-7".utf8))
        #expect(record.headers == [KafkaHeader("content-type", "application/cloudevents+json")])
        #expect(record.value == Array(event.encoded()))
        #expect(CloudEventsKafkaBinding.mode(of: record) == .structured)
        #expect(try CloudEventsKafkaBinding.decode(record) == event)
    }

    @Test("a record that is not a CloudEvent is a typed error, not a crash", arguments: [
        KafkaRecord(key: nil, value: Array("not json".utf8), headers: [KafkaHeader("content-type", "application/cloudevents+json")]),
        KafkaRecord(key: nil, value: Array("{}".utf8), headers: [KafkaHeader("ce_specversion", "1.0")]),
        KafkaRecord(key: nil, value: [], headers: []),
    ])
    func badRecords(record: KafkaRecord) {
        #expect(throws: KafkaError.self) { try CloudEventsKafkaBinding.decode(record) }
        do {
            _ = try CloudEventsKafkaBinding.decode(record)
        } catch {
            #expect(error.code == .decodingFailed)
        }
    }
}
