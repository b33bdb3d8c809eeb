import Foundation
import SwitchboardEvents
import SwitchboardNormalizers
import Testing

@Suite("Normalizers: settings and context")
struct NormalizerSettingsTests {
    @Test("an empty config gives the documented defaults")
    func defaults() throws {
        let settings = try JSONDecoder().decode(NormalizerSettings.self, from: Data("{}".utf8))
        #expect(settings == NormalizerSettings())
        let context = settings.context(receivedAt: TestSupport.receivedAt)
        #expect(context.source == nil)
        #expect(context.defaultDialplan == nil)
        #expect(context.limits == NormalizationContext.defaultLimits)
    }

    @Test("a config fills source, dialplan and limits")
    func configured() throws {
        let json = #"{"source":"switchboard://telnect/se","countryCode":"46","localPrefix":"0","globalPrefix":"00","maximumBytes":2048,"maximumDepth":8}"#
        let settings = try JSONDecoder().decode(NormalizerSettings.self, from: Data(json.utf8))
        let context = settings.context(receivedAt: TestSupport.receivedAt)
        #expect(context.source == "switchboard://telnect/se")
        #expect(context.defaultDialplan == Dialplan(countryCode: "46"))
        #expect(context.limits == JSONLimits(maximumBytes: 2048, maximumDepth: 8))

        let event = try TestSupport.single(.telnect, #"{"id":"c","status":"ringing","source":"0890510"}"#, context: context)
        #expect(event.source == "switchboard://telnect/se")
        #expect(event.data.from?.e164 == "+46890510")
        #expect(TestSupport.error(.telnect, String(repeating: " ", count: 3000) + "{}", context: context)?.code == "invalid-json.too-large")
    }

    @Test("a wrongly typed config member is a decoding error")
    func wrongType() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(NormalizerSettings.self, from: Data(#"{"maximumBytes":"big"}"#.utf8))
        }
    }

    @Test("the registry hands out each platform's normalizer", arguments: Platform.allCases)
    func registry(platform: Platform) {
        #expect(Normalizers.normalizer(for: platform).platform == platform)
    }
}
