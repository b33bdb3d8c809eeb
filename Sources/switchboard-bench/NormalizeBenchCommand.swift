import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardNormalizers

/// `switchboard-bench normalize`: CPU cost of normalizing one wire payload per platform, beside
/// the cost of only parsing the same bytes with Foundation (`JSONSerialization`) as the baseline,
/// and Switchboard's own `JSONValue.parse` alone. `+encode` adds `CallEvent.encoded()`, which
/// producers pay too.
///
/// One thread; CPU time of the thread, so other load on the shared machine inflates the figures
/// less than wall time would. The payloads are realistic 300-600-byte events of each platform.
struct NormalizeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "CPU µs per event of each platform's normalizer, beside Foundation JSON parsing alone."
    )

    @Option(help: "Seconds to run each measurement.")
    var seconds: Double = 1

    static let payloads: [(Platform, String)] = [
        (.thello, #"{"type":1,"target":"BlocEvent","arguments":["5f0c2b7e-9a1d-4c3e-8b2f-6d7a1e4c9b00","QUEUE_ENTER","a84b4c76e66710@pc33.thello.cloud","Alice Martin","+33612345678","3001","","8a7d5c1e-3f4b-4e2a-9c1d-2b6e8f0a1c3d"]}"# + "\u{1E}"),
        (.telnect, #"{"event":"call.answered","id":"evt-7f3a2c","timestamp":"2024-03-05T09:14:22.481Z","direction":"outbound","call":{"id":"c000daeuyzzoq-za3wqdi-ycuaugy-jmqq","status":"answered","source":{"dialplan":{"cc":"46","localPrefix":"0","globalPrefix":"00"},"caller":{"scheme":"sip","user":"010100555","name":"Sales","userParam":{"user":"phone"}}},"destination":{"dialplan":{"cc":"46","localPrefix":"0","globalPrefix":"00"},"to":{"scheme":"sip","user":"0890510","userParam":{"user":"phone"}}}}}"#),
        (.clicktodial, #"{"id":"83a0d986-0866-4f38-b8c0-fc65bfcda452","source":"https://api.example.com/click-to-dial","specversion":"1.0","datacontenttype":"application/json","type":"org.camaraproject.click-to-dial.v0.status-changed","time":"2021-12-12T00:00:00Z","data":{"callId":"123e4567-e89b-12d3-a456-426614174000","caller":"+447700900000","callee":"+447700900123","status":{"state":"disconnected","reason":"hangUp"},"recordingResult":"success","callDuration":"1600","timestamp":"2017-12-04T18:07:57Z"}}"#),
        (.antbuddy, #"{"id":"5a93a1ed2f0c","caller":{"number":"01693608879","type":"realnumber"},"callee":{"number":"thutranhtkbee","type":"user","username":"thutran"},"class":"trunking","did_number":"02873019555","direction":"to_ab","status_detail":"SUCCESS","duration_seconds":50,"unix_timestamp":1519639917,"billing_seconds":43,"recording":"call_recording_dl5m5j5hfh4n8njj1oor.mp3"}"#),
        (.telecomcenter, #"{"data":{"id":"98231","type":"termination_cdrs","attributes":{"aleg_reason":"Bye","src_name_in":"Reception","src_number_in":"+37167001234","dst_number_in":"+37129123456","orig_call_id":"7f1c2a9e-3b44-4f1e-9d55-0c2b4a6e8f10@10.0.0.5","local_tag":"as5c1b7e2f","global_tag":"9a8b7c6d-5e4f","duration":184,"aleg_code":200,"time_start":"2024-03-05 09:14:20","time_connect":"2024-03-05 09:14:31","time_end":"2024-03-05 09:17:35"},"relationships":{"customer":{"data":{"id":"42","type":"customers"}}}}}"#),
    ]

    func run() throws {
        print("normalize, 1 thread, thread CPU µs per event (lower is better); baseline = Foundation JSONSerialization parse of the same bytes")
        print("platform".padding(toLength: 15, withPad: " ", startingAt: 0)
              + "bytes".padding(toLength: 7, withPad: " ", startingAt: 0)
              + "baseline µs".padding(toLength: 13, withPad: " ", startingAt: 0)
              + "parse µs".padding(toLength: 10, withPad: " ", startingAt: 0)
              + "normalize µs".padding(toLength: 14, withPad: " ", startingAt: 0)
              + "+encode µs".padding(toLength: 12, withPad: " ", startingAt: 0)
              + "events/s/core")
        let context = NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        for (platform, text) in Self.payloads {
            let bytes = Array(text.utf8)
            let normalizer = Normalizers.normalizer(for: platform)
            // A payload that fails would make every figure meaningless: check once, loudly.
            let events = try normalizer.normalize(bytes, context: context)
            guard events.count == 1 else { throw ValidationError("\(platform.rawValue): expected one event, got \(events.count)") }
            let json = Array(bytes.prefix { $0 != 0x1E })

            let jsonData = Data(json)
            let foundation = ThreadCPUClock.microsecondsPerCall(seconds: seconds) { _ = try? JSONSerialization.jsonObject(with: jsonData) }
            let parse = ThreadCPUClock.microsecondsPerCall(seconds: seconds) { _ = try? JSONValue.parse(json) }
            let normalize = ThreadCPUClock.microsecondsPerCall(seconds: seconds) { _ = try? normalizer.normalize(bytes, context: context) }
            let encode = ThreadCPUClock.microsecondsPerCall(seconds: seconds) { _ = (try? normalizer.normalize(bytes, context: context))?.first?.encoded() }
            print(platform.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
                  + String(format: "%-7d%-13.2f%-10.2f%-14.2f%-12.2f%.0f", bytes.count, foundation, parse, normalize, encode, 1e6 / normalize))
        }
    }
}
