import SwitchboardEvents
import SwitchboardNormalizers
import Testing

/// Deterministic mutations of every fixture: each must give schema-valid events that round-trip,
/// or a typed error. A crash here takes the test process down, which is the failure this guards against.
@Suite("Normalizers: mutated fixtures never crash")
struct MutationTests {
    /// SplitMix64: a fixed seed makes every run try the same mutations.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that change a document's meaning the most: structure, quotes, digits, signs, escapes.
    static let interesting: [UInt8] = Array(#"{}[]":,"0123456789-+.eE\nul \#u{1E}"#.utf8) + [0x00, 0xFF, 0xC3]

    @Test("truncations, byte replacements and value swaps", arguments: Platform.allCases)
    func mutations(platform: Platform) throws {
        var generator = SeededGenerator(state: UInt64(platform.rawValue.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let normalizer = Normalizers.normalizer(for: platform)
        var accepted = 0
        var refused = 0
        var produced: [CallEvent] = []
        for name in try TestSupport.fixtureNames(platform) {
            let original = try TestSupport.fixture(platform, name)
            var variants: [[UInt8]] = []
            for cut in stride(from: 0, to: original.count, by: max(1, original.count / 40)) {
                variants.append(Array(original.prefix(cut)))
            }
            for _ in 0..<150 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[position] = Self.interesting.randomElement(using: &generator)!
                }
                variants.append(bytes)
            }
            for variant in variants {
                let events: [CallEvent]
                do {
                    events = try normalizer.normalize(variant, context: TestSupport.context)
                } catch {
                    refused += 1
                    #expect(!error.description.isEmpty && !error.code.isEmpty)
                    continue
                }
                accepted += 1
                produced.append(contentsOf: events)
                for event in events {
                    #expect(try CallEvent.decode(event.encoded()) == event, "\(platform.rawValue)/\(name): \(String(decoding: variant, as: UTF8.self))")
                }
            }
        }
        #expect(accepted > 0 && refused > 0, "mutations should both pass and fail: \(accepted) accepted, \(refused) refused")
        let outcome = try SchemaValidator.validate(produced)
        #expect(outcome.status == 0, "schema violations:\n\(outcome.violations)")
    }
}
