import Foundation

/// A normalized call event: a CloudEvents 1.0 event whose `data` is a `CallEventData`.
///
/// The JSON form is the CloudEvents JSON event format: context attributes and extensions at the
/// top level, `data` as a JSON object. `schemas/call-event.v1.json` describes it.
public struct CallEvent: Sendable, Hashable, JSONRepresentable {
    /// The CloudEvents spec version this type writes and accepts.
    public static let specVersion = "1.0"
    /// The `dataschema` of this version of `CallEventData`.
    public static let dataSchema = "urn:switchboard:schema:call-event:v1"
    /// The attribute names that are not extensions.
    public static let contextAttributeNames: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data", "data_base64",
    ]

    /// Stable id: the platform's id of the event where it has one, so re-deliveries deduplicate
    /// on (`source`, `id`).
    public var id: String
    /// The platform instance the event came from (`switchboard://thello/tenant-a`).
    public var source: String
    public var type: CallEventType
    /// The call id (`data.callId`).
    public var subject: String?
    /// When the platform says the event happened, else when Switchboard received it.
    public var time: Timestamp?
    /// Extension `platform`.
    public var platform: Platform
    /// Extension `partitionkey`: the call's correlation key, used as the Kafka key.
    public var partitionKey: String
    /// Further extension attributes (`traceparent`...), string-valued.
    public var extensions: [String: String]
    public var data: CallEventData

    public init(
        id: String,
        source: String,
        type: CallEventType,
        subject: String? = nil,
        time: Timestamp? = nil,
        platform: Platform,
        partitionKey: String,
        extensions: [String: String] = [:],
        data: CallEventData
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.platform = platform
        self.partitionKey = partitionKey
        self.extensions = extensions
        self.data = data
    }

    public var dataContentType: String { "application/json" }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder(capacity: 11 + extensions.count)
        for (name, value) in extensions { object.set(name, value) }
        // In name order, so the builder finds the members already sorted.
        object.set("data", data)
        object.set("datacontenttype", dataContentType)
        object.set("dataschema", Self.dataSchema)
        object.set("id", id)
        object.set("partitionkey", partitionKey)
        object.set("platform", platform)
        object.set("source", source)
        object.set("specversion", Self.specVersion)
        object.set("subject", subject)
        object.set("time", time)
        object.set("type", type)
        return object.json
    }

    public init(json: JSONValue, path: String = "") throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        let specVersion = try reader.string("specversion")
        guard specVersion == Self.specVersion else {
            throw EventDecodingError(path: reader.memberPath("specversion"), "unsupported CloudEvents version \"\(specVersion)\", expected \"1.0\"")
        }
        id = try reader.string("id")
        source = try reader.string("source")
        type = try reader.enumeration("type", as: CallEventType.self)
        subject = try reader.optionalString("subject")
        time = try reader.optionalDate("time")
        platform = try reader.enumeration("platform", as: Platform.self)
        partitionKey = try reader.string("partitionkey")
        guard let data = reader.members["data"] else { throw EventDecodingError(path: reader.memberPath("data"), "is required") }
        self.data = try CallEventData(json: data, path: reader.memberPath("data"))
        var extensions: [String: String] = [:]
        for (name, value) in reader.members where !Self.contextAttributeNames.contains(name) && name != "platform" && name != "partitionkey" {
            guard let string = value.stringValue else {
                throw EventDecodingError(path: reader.memberPath(name), "extension attributes must be strings, found \(value.kindName)")
            }
            extensions[name] = string
        }
        self.extensions = extensions
    }

    /// Reads an event from its JSON bytes.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> CallEvent {
        try CallEvent(json: try JSONValue.parse(bytes))
    }

    /// The event's JSON bytes (compact, sorted keys).
    public func encoded() -> Data { jsonValue().jsonData() }
}

extension CallEvent: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue().encode(to: encoder)
    }
}
