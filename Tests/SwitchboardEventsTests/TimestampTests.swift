import Foundation
import SwitchboardEvents
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("parses RFC 3339 forms platforms send", arguments: [
        ("2021-12-12T00:00:00Z", Int64(1_639_267_200_000)),
        ("2021-12-12T00:00:00.5Z", 1_639_267_200_500),
        ("2021-12-12T01:00:00+01:00", 1_639_267_200_000),
        ("2021-12-12 00:00:00", 1_639_267_200_000),
        ("2021-12-11T19:00:00.000-05:00", 1_639_267_200_000),
        ("1969-12-31T23:59:59.999Z", -1),
    ])
    func parses(text: String, millis: Int64) {
        #expect(Timestamp(rfc3339: text)?.millisecondsSince1970 == millis)
    }

    @Test("rejects what is not a timestamp", arguments: ["", "2021-13-01T00:00:00Z", "yesterday", "2021-12-12T00:00:00Zjunk", "2021-12-12T25:00:00Z"])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("formats and parses back for many instants")
    func roundTrip() {
        var value: Int64 = -5_000_000_000_000
        while value < 5_000_000_000_000 {
            let stamp = Timestamp(millisecondsSince1970: value)
            #expect(Timestamp(rfc3339: stamp.rfc3339) == stamp)
            value += 123_456_789_013
        }
    }

    @Test("agrees with Foundation's ISO 8601 formatting")
    func agreesWithFoundation() {
        // Half a second is exact in binary floating point, so Foundation's formatter cannot round it.
        let stamp = Timestamp(millisecondsSince1970: 1_700_000_000_500)
        let foundation = stamp.date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        #expect(foundation == stamp.rfc3339)
    }
}
