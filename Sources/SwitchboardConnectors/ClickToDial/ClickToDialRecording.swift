import SwitchboardEvents

/// A recording downloaded into `recordingDirectory`.
public struct ClickToDialRecording: Sendable, Hashable {
    public var callId: String
    /// The file it was written to.
    public var file: String
    /// `audio/wav`, `audio/mpeg`…, as the provider said.
    public var contentType: String
    public var byteCount: Int
    public var generatedAt: Timestamp?
    /// Where it was fetched from.
    public var url: String

    public init(callId: String, file: String, contentType: String, byteCount: Int, generatedAt: Timestamp?, url: String) {
        self.callId = callId
        self.file = file
        self.contentType = contentType
        self.byteCount = byteCount
        self.generatedAt = generatedAt
        self.url = url
    }

    /// The `switchboard.recording.available` event for it. Its id depends on the call only, so a
    /// repeated download deduplicates downstream; `original` describes the audio without
    /// carrying it (events stay small).
    public func event(source: String, receivedAt: Timestamp) -> CallEvent {
        var original: [String: JSONValue] = [
            "callId": .string(callId),
            "contentType": .string(contentType),
            "byteCount": .integer(Int64(byteCount)),
        ]
        if let generatedAt { original["generatedAt"] = .string(generatedAt.rfc3339) }
        let data = CallEventData(
            callId: callId,
            // The provider only has a recording once the call session completed.
            state: .ended,
            platformState: "recordingAvailable",
            direction: .outbound,
            recording: RecordingFacts(status: "available", reference: callId, url: url, file: file),
            original: .object(JSONObject(original))
        )
        return CallEvent(id: "clicktodial-recording-\(callId)", source: source, type: .recordingAvailable, subject: callId,
                         time: generatedAt ?? receivedAt, platform: .clicktodial, partitionKey: callId, data: data)
    }
}
