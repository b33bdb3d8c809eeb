import Foundation
import SwitchboardEvents

/// The body of `GET /calls/{callId}/recording`: `{callId, content (base64), contentType, generatedAt}`.
struct RecordingResource {
    var audio: Data
    var contentType: String
    var generatedAt: Timestamp?

    init(json: JSONValue, expectedCallId: String, operation: String, httpStatus: Int) throws(ClickToDialError) {
        func invalid(_ reason: String) -> ClickToDialError {
            ClickToDialError(.invalidResponse, "the recording \(reason)", operation: operation, httpStatus: httpStatus)
        }
        guard case .object = json else { throw invalid("is not a JSON object") }
        if let callId = json["callId"]?.stringValue, callId != expectedCallId {
            throw invalid("belongs to another call")
        }
        guard let content = json["content"]?.stringValue else { throw invalid("has no content") }
        guard let audio = Data(base64Encoded: content), !audio.isEmpty else { throw invalid("content is not base64") }
        guard let contentType = json["contentType"]?.stringValue, !contentType.isEmpty else { throw invalid("has no contentType") }
        self.audio = audio
        self.contentType = contentType
        generatedAt = json["generatedAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }

    /// `<callId>.<extension>`; `:` (allowed in call ids) becomes `_` so the name is portable.
    func fileName(callId: String) -> String {
        callId.replacingOccurrences(of: ":", with: "_") + "." + Self.fileExtension(contentType)
    }

    static func fileExtension(_ contentType: String) -> String {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch mediaType {
        case "audio/wav", "audio/x-wav", "audio/wave": return "wav"
        case "audio/mp3", "audio/mpeg": return "mp3"
        case "audio/ogg": return "ogg"
        default: return "bin"
        }
    }
}
