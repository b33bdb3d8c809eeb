import Foundation
import SwitchboardEvents
import SwitchboardSignalR
import Testing

/// A deterministic mutation fuzzer for the record reader and decoder (the documented stand-in for
/// libFuzzer, see docs/live-connections.md). Every input must end as a message or a typed violation.
@Suite("SignalR record parser fuzzing")
struct HubProtocolFuzzTests {
    static let seeds: [String] = [
        #"{"protocol":"json","version":1}"#, "{}", #"{"error":"x"}"#, #"{"type":6}"#,
        #"{"type":1,"target":"BlocEvent","arguments":["b","QUEUE_ENTER","sip","n","+32","100","","c"]}"#,
        #"{"type":1,"invocationId":"1","target":"Ask","arguments":[1.5,-2,true,null,{"a":[1,{"b":"\u001e"}]}]}"#,
        #"{"type":3,"invocationId":"1","result":{"x":[1,2,3]}}"#, #"{"type":3,"invocationId":"2","error":"e"}"#,
        #"{"type":7,"error":"bye","allowReconnect":true}"#, #"{"type":2,"invocationId":"1","item":1}"#,
    ]

    /// xorshift64*: reproducible without Foundation's global random state.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static func mutate(_ input: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.insert(0x1E, at: Int.random(in: 0...bytes.count, using: &rng))
            case 2 where !bytes.isEmpty: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            case 3: bytes += bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))
            case 4: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: Int.random(in: 1...200, using: &rng)), at: 0)
            case 5 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
            default: bytes.insert([UInt8(ascii: "\""), UInt8(ascii: "\\"), 0xFF, 0xC0, 0x00, UInt8(ascii: "}")].randomElement(using: &rng)!, at: Int.random(in: 0...bytes.count, using: &rng))
            }
        }
        return bytes
    }

    @Test("mutated records never crash the reader or decoder")
    func fuzz() {
        let iterations = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_FUZZ_ITERATIONS"] ?? "") ?? 20_000
        var rng = Generator(state: 0x5EED_1234_ABCD_0001)
        let seeds = Self.seeds.map { Array($0.utf8) + [0x1E] }
        var reader = HubRecordReader(maximumRecordBytes: 4096)
        var decoded = 0
        var violations = 0
        for _ in 0..<iterations {
            let input = Self.mutate(seeds.randomElement(using: &rng)!, &rng)
            // Random split points exercise records that span messages.
            let cut = Int.random(in: 0...input.count, using: &rng)
            for part in [input[..<cut], input[cut...]] {
                reader.feed(Array(part)) { result in
                    switch result {
                    case .success(let record):
                        do {
                            _ = try HubMessageDecoder.decode(record, maximumBytes: 4096)
                            decoded += 1
                        } catch {
                            violations += 1
                        }
                    case .failure:
                        violations += 1
                    }
                }
            }
        }
        #expect(decoded + violations > 0)
        print("fuzzed \(iterations) inputs: \(decoded) decoded, \(violations) violations")
    }
}
