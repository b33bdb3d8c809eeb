import Foundation
import Logging
import SwitchboardEvents

/// A swift-log handler that writes one JSON object per line to stderr:
/// `{"time","level","label","message", ...metadata}`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSONValue] = [
            "time": .string(Timestamp.now().rfc3339),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
        ]
        for (key, value) in event.effectiveMetadata(base: metadata) {
            object[key] = Self.json(value)
        }
        var line = JSONValue.object(JSONObject(object)).jsonData()
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let values): return .object(JSONObject(values.mapValues(json)))
        }
    }
}
