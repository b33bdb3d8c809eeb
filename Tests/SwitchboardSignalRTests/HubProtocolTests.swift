import SwitchboardEvents
import SwitchboardSignalR
import Testing

@Suite("SignalR JSON hub protocol: records, decoding, encoding")
struct HubProtocolTests {
    func records(_ chunks: [String], limit: Int = 1024) -> [Result<String, HubProtocolViolation>] {
        var reader = HubRecordReader(maximumRecordBytes: limit)
        var out: [Result<String, HubProtocolViolation>] = []
        for chunk in chunks {
            reader.feed(Array(chunk.utf8)) { result in
                out.append(result.map { String(decoding: $0, as: UTF8.self) })
            }
        }
        return out
    }

    @Test("several records in one frame and one record across frames")
    func splitting() throws {
        let out = records(["{}\u{1e}{\"type\":6}\u{1e}{\"ty", "pe\":6", "}\u{1e}"])
        #expect(out.map { try? $0.get() } == ["{}", "{\"type\":6}", "{\"type\":6}"])
    }

    @Test("a partial record past the limit is dropped and reported, later records still work")
    func oversizedPartial() {
        let out = records([String(repeating: "x", count: 2000), "\u{1e}{}\u{1e}"], limit: 1024)
        #expect(out.count == 3)
        if case .failure(let violation) = out[0] { #expect(violation.code == .recordTooLarge) } else { Issue.record("expected a violation") }
        #expect((try? out.last?.get()) == "{}")
    }

    @Test("invocations, completions, ping and close decode")
    func decoding() throws {
        let invocation = try HubMessageDecoder.decode(Array(#"{"type":1,"invocationId":"7","target":"BlocEvent","arguments":["b",1]}"#.utf8))
        #expect(invocation == .invocation(HubInvocation(invocationId: "7", target: "BlocEvent", arguments: [.string("b"), .integer(1)])))
        let completion = try HubMessageDecoder.decode(Array(#"{"type":3,"invocationId":"7","result":{"a":true}}"#.utf8))
        #expect(completion == .completion(HubCompletion(invocationId: "7", outcome: .success(.object(["a": .bool(true)])))))
        let void = try HubMessageDecoder.decode(Array(#"{"type":3,"invocationId":"8"}"#.utf8))
        #expect(void == .completion(HubCompletion(invocationId: "8", outcome: .success(nil))))
        #expect(try HubMessageDecoder.decode(Array(#"{"type":6}"#.utf8)) == .ping)
        #expect(try HubMessageDecoder.decode(Array(#"{"type":7,"error":"x","allowReconnect":true}"#.utf8)) == .close(error: "x", allowReconnect: true))
        #expect(try HubMessageDecoder.decode(Array(#"{"type":7}"#.utf8)) == .close(error: nil, allowReconnect: false))
    }

    @Test("protocol violations are typed", arguments: [
        ("not json", HubProtocolViolation.Code.malformedJSON),
        ("[1]", .notAnObject),
        (#"{"target":"x"}"#, .missingType),
        (#"{"type":42}"#, .unknownType),
        (#"{"type":1,"target":"x"}"#, .invalidField),
        (#"{"type":1,"arguments":[]}"#, .invalidField),
        (#"{"type":3,"invocationId":"1","result":1,"error":"e"}"#, .resultAndError),
        (#"{"type":3,"invocationId":"1","error":5}"#, .invalidField),
        (#"{"type":3}"#, .invalidField),
    ])
    func violations(record: String, code: HubProtocolViolation.Code) {
        #expect(throws: HubProtocolViolation.self) { try HubMessageDecoder.decode(Array(record.utf8)) }
        do {
            _ = try HubMessageDecoder.decode(Array(record.utf8))
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("invalid UTF-8 is a violation, not a crash")
    func invalidUTF8() {
        #expect(throws: HubProtocolViolation.self) { try HubMessageDecoder.decode([0x7B, 0xFF, 0xFE, 0x7D]) }
    }

    @Test("encoded invocations parse back, with escapes and the separator")
    func encoding() throws {
        let invocation = HubInvocation(invocationId: "42", target: "SetVariable", arguments: [
            .string("f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"), .string("PICKUP_\"OP\"\n\u{1e}"), .integer(-3), .double(1.5), .null, .bool(true),
            .array([.object(["k": .string("v")])]),
        ])
        let bytes = HubMessageEncoder.invocation(invocation)
        #expect(bytes.last == 0x1E)
        #expect(bytes.dropLast().contains(0x1E) == false)
        #expect(try HubMessageDecoder.decode(bytes.dropLast()) == .invocation(invocation))
        let completion = HubCompletion(invocationId: "1", outcome: .failure(HubInvocationError("no")))
        #expect(try HubMessageDecoder.decode(HubMessageEncoder.completion(completion).dropLast()) == .completion(completion))
        #expect(HubMessageEncoder.handshake == Array("{\"protocol\":\"json\",\"version\":1}\u{1e}".utf8))
    }

    @Test("backoff grows, is capped, and jitters within bounds")
    func backoff() {
        let policy = ReconnectPolicy(initialDelaySeconds: 1, maximumDelaySeconds: 8, multiplier: 2, jitter: 0.2)
        #expect(policy.delay(attempt: 0, random: 0) == 1)
        #expect(policy.delay(attempt: 2, random: 0) == 4)
        #expect(policy.delay(attempt: 10, random: 0) == 8)
        #expect(policy.delay(attempt: 10, random: 1) == 8 * 1.2)
        #expect(policy.delay(attempt: 10, random: -1) == 8 * 0.8)
    }
}
