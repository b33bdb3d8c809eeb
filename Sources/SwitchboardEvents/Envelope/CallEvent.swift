import Foundation

/// A normalized call event: a CloudEvents 1.0 event whose `data` is a `CallEventData`.
///
/// The JSON form is the CloudEvents JSON event format: context attributes and extensions at the
/// top level, `data` as a JSON object. `schemas/call-event.v1.json` describes it.
public struct CallEvent: Sendable, JSONRepresentable {
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
    public var id: String {
        _read { yield storage.fields.id }
        _modify { yield &uniqueStorage().fields.id }
    }
    /// The platform instance the event came from (`switchboard://thello/tenant-a`).
    public var source: String {
        _read { yield storage.fields.source }
        _modify { yield &uniqueStorage().fields.source }
    }
    public var type: CallEventType {
        _read { yield storage.fields.type }
        _modify { yield &uniqueStorage().fields.type }
    }
    /// The call id (`data.callId`).
    public var subject: String? {
        _read { yield storage.fields.subject }
        _modify { yield &uniqueStorage().fields.subject }
    }
    /// When the platform says the event happened, else when Switchboard received it.
    public var time: Timestamp? {
        _read { yield storage.fields.time }
        _modify { yield &uniqueStorage().fields.time }
    }
    /// Extension `platform`.
    public var platform: Platform {
        _read { yield storage.fields.platform }
        _modify { yield &uniqueStorage().fields.platform }
    }
    /// Extension `partitionkey`: the call's correlation key, used as the Kafka key.
    public var partitionKey: String {
        _read { yield storage.fields.partitionKey }
        _modify { yield &uniqueStorage().fields.partitionKey }
    }
    /// Further extension attributes (`traceparent`...), string-valued.
    public var extensions: [String: String] {
        _read { yield storage.fields.extensions }
        _modify { yield &uniqueStorage().fields.extensions }
    }
    public var data: CallEventData {
        _read { yield storage.fields.data }
        _modify { yield &uniqueStorage().fields.data }
    }

    /// The event's fields, stored in one shared box (copy on write). An event is copied many
    /// times on its way (into arrays, tasks, the Kafka producer's pending messages, the action
    /// queue); copying the box is one retain, where copying the fields was one per string and
    /// collection inside, some forty.
    private var storage: Storage

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

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
        storage = Storage(Fields(
            id: id, source: source, type: type, subject: subject, time: time, platform: platform,
            partitionKey: partitionKey, extensions: extensions, data: data
        ))
    }

    public var dataContentType: String { "application/json" }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder(capacity: 11 + extensions.count)
        for (name, value) in extensions { object.set(name, value) }
        // In name order, so the builder finds the members already sorted.
        // `json:` and not the optional overload: wrapping `data` in an Optional copies all its fields.
        object.set("data", json: data.jsonValue())
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
        let id = try reader.string("id")
        let source = try reader.string("source")
        let type = try reader.enumeration("type", as: CallEventType.self)
        let subject = try reader.optionalString("subject")
        let time = try reader.optionalDate("time")
        let platform = try reader.enumeration("platform", as: Platform.self)
        let partitionKey = try reader.string("partitionkey")
        guard let dataJSON = reader.members["data"] else { throw EventDecodingError(path: reader.memberPath("data"), "is required") }
        let data = try CallEventData(json: dataJSON, path: reader.memberPath("data"))
        var extensions: [String: String] = [:]
        for (name, value) in reader.members where !Self.contextAttributeNames.contains(name) && name != "platform" && name != "partitionkey" {
            guard let string = value.stringValue else {
                throw EventDecodingError(path: reader.memberPath(name), "extension attributes must be strings, found \(value.kindName)")
            }
            extensions[name] = string
        }
        self.init(
            id: id, source: source, type: type, subject: subject, time: time, platform: platform,
            partitionKey: partitionKey, extensions: extensions, data: data
        )
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

extension CallEvent {
    /// The stored fields; what the struct held before they moved into `Storage`.
    struct Fields: Hashable, Sendable {
        var id: String
        var source: String
        var type: CallEventType
        var subject: String?
        var time: Timestamp?
        var platform: Platform
        var partitionKey: String
        var extensions: [String: String]
        var data: CallEventData
    }

    /// Mutated only through `uniqueStorage()`, when no other event shares it.
    final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}

extension CallEvent: Hashable {
    public static func == (lhs: CallEvent, rhs: CallEvent) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }
}

extension CallEvent: CustomReflectable {
    /// Shows the fields, not the box, in `dump`, test failures and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "source": source, "type": type, "subject": subject as Any, "time": time as Any,
            "platform": platform, "partitionKey": partitionKey, "extensions": extensions, "data": data,
        ], displayStyle: .struct)
    }
}
