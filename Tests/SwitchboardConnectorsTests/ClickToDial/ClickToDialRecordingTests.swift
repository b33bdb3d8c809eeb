import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("Click-to-Dial recordings", .timeLimit(.minutes(2)))
struct ClickToDialRecordingTests {
    static let audio: [UInt8] = Array("RIFF....WAVEfmt fake audio".utf8) + (0..<2048).map { UInt8($0 % 251) }

    @Test("a recording is written to recordingDirectory and announced")
    func downloadWritesTheFile() async throws {
        try await ClickToDialFixture.withTemporaryDirectory { directory in
            try await CamaraTestServer.with { server in
                server.addRecording("call:7", audio: Self.audio, contentType: "audio/wav")
                let client = try ClickToDialFixture.client(server, recordingDirectory: directory)
                let recording = try await client.downloadRecording("call:7")
                #expect(recording.file == directory + "/call_7.wav")
                #expect(recording.byteCount == Self.audio.count)
                #expect(try Data(contentsOf: URL(fileURLWithPath: recording.file)) == Data(Self.audio))

                let event = client.recordingEvent(recording)
                #expect(event.type == .recordingAvailable)
                #expect(event.platform == .clicktodial)
                #expect(event.source == "switchboard://clicktodial/test")
                #expect(event.partitionKey == "call:7")
                #expect(event.data.callId == "call:7")
                #expect(event.data.recording == RecordingFacts(status: "available", reference: "call:7",
                                                                url: server.apiRoot + "/calls/call:7/recording", file: recording.file))
                #expect(event.time == Timestamp(rfc3339: "2026-11-23T15:05:00Z"))
                #expect(event.data.original["content"] == nil, "the audio stays out of the event")
                // The event is a valid normalized event.
                #expect(try CallEvent.decode(event.encoded()) == event)
                #expect(server.rejected.isEmpty)
            }
        }
    }

    @Test("a missing recording is a typed 404")
    func missingRecording() async throws {
        try await ClickToDialFixture.withTemporaryDirectory { directory in
            try await CamaraTestServer.with { server in
                let client = try ClickToDialFixture.client(server, recordingDirectory: directory)
                let error = try await #require(throws: ClickToDialError.self) { _ = try await client.downloadRecording("call-x") }
                #expect(error.isNotFound)
                #expect(error.apiCode == "NOT_FOUND")
                #expect(!FileManager.default.fileExists(atPath: directory))
            }
        }
    }

    @Test("without recordingDirectory nothing is downloaded")
    func noDirectory() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let error = try await #require(throws: ClickToDialError.self) { _ = try await client.downloadRecording("call-x") }
            #expect(error.code == .invalidConfiguration)
            #expect(server.requests.isEmpty)
        }
    }
}
