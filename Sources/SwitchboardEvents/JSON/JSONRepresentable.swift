/// A type with one explicit JSON mapping, used for both `Codable` and rule matching so the two
/// can never disagree.
public protocol JSONRepresentable {
    /// The JSON form of the value. Absent optionals are omitted, never written as null.
    func jsonValue() -> JSONValue
    /// Reads the value back from its JSON form.
    init(json: JSONValue, path: String) throws(EventDecodingError)
}

/// Why a JSON document is not a valid Switchboard event (or part of one).
public struct EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the offending member, e.g. `data.state`.
    public let path: String
    public let message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Reading helpers over a JSON object with path-aware errors.
struct JSONObjectReader {
    let members: JSONObject
    let path: String

    init(_ json: JSONValue, path: String) throws(EventDecodingError) {
        guard case .object(let members) = json else {
            throw EventDecodingError(path: path.isEmpty ? "$" : path, "expected an object, found \(json.kindName)")
        }
        self.members = members
        self.path = path
    }

    func memberPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws(EventDecodingError) -> String {
        guard let value = try optionalString(key) else { throw EventDecodingError(path: memberPath(key), "is required") }
        return value
    }

    func optionalString(_ key: String) throws(EventDecodingError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let string) = value else {
            throw EventDecodingError(path: memberPath(key), "expected a string, found \(value.kindName)")
        }
        return string
    }

    func optionalInteger(_ key: String) throws(EventDecodingError) -> Int64? {
        guard let value = members[key], value != .null else { return nil }
        guard let integer = value.integerValue else {
            throw EventDecodingError(path: memberPath(key), "expected an integer, found \(value.kindName)")
        }
        return integer
    }

    func optionalDouble(_ key: String) throws(EventDecodingError) -> Double? {
        guard let value = members[key], value != .null else { return nil }
        guard let number = value.doubleValue else {
            throw EventDecodingError(path: memberPath(key), "expected a number, found \(value.kindName)")
        }
        return number
    }

    func optionalBool(_ key: String) throws(EventDecodingError) -> Bool? {
        guard let value = members[key], value != .null else { return nil }
        guard let bool = value.boolValue else {
            throw EventDecodingError(path: memberPath(key), "expected a boolean, found \(value.kindName)")
        }
        return bool
    }

    func enumeration<E: RawRepresentable>(_ key: String, as type: E.Type) throws(EventDecodingError) -> E where E.RawValue == String {
        guard let value = try optionalEnumeration(key, as: type) else { throw EventDecodingError(path: memberPath(key), "is required") }
        return value
    }

    func optionalEnumeration<E: RawRepresentable>(_ key: String, as type: E.Type) throws(EventDecodingError) -> E? where E.RawValue == String {
        guard let raw = try optionalString(key) else { return nil }
        guard let value = E(rawValue: raw) else { throw EventDecodingError(path: memberPath(key), "unknown value \"\(raw)\"") }
        return value
    }

    func optionalObject<T: JSONRepresentable>(_ key: String, as type: T.Type) throws(EventDecodingError) -> T? {
        guard let value = members[key], value != .null else { return nil }
        return try T(json: value, path: memberPath(key))
    }

    func optionalDate(_ key: String) throws(EventDecodingError) -> Timestamp? {
        guard let raw = try optionalString(key) else { return nil }
        guard let timestamp = Timestamp(rfc3339: raw) else {
            throw EventDecodingError(path: memberPath(key), "expected an RFC 3339 timestamp, found \"\(raw)\"")
        }
        return timestamp
    }
}

/// Building helpers for a JSON object that skip absent values.
///
/// Set members in name order: `json` then takes the array as it is, where members out of order
/// cost a sort and a copy of the array.
struct JSONObjectBuilder {
    private(set) var members: [JSONObject.Member]

    /// `capacity`: about how many members the object gets, so the array is allocated once.
    init(capacity: Int = 4) {
        members = []
        members.reserveCapacity(capacity)
    }

    mutating func set(_ key: String, _ value: String?) {
        if let value { members.append(JSONObject.Member(key: key, value: .string(value))) }
    }

    mutating func set(_ key: String, _ value: Int64?) {
        if let value { members.append(JSONObject.Member(key: key, value: .integer(value))) }
    }

    mutating func set(_ key: String, _ value: Double?) {
        if let value { members.append(JSONObject.Member(key: key, value: .double(value))) }
    }

    mutating func set(_ key: String, _ value: Bool?) {
        if let value { members.append(JSONObject.Member(key: key, value: .bool(value))) }
    }

    mutating func set(_ key: String, _ value: (some JSONRepresentable)?) {
        if let value { members.append(JSONObject.Member(key: key, value: value.jsonValue())) }
    }

    mutating func set<E: RawRepresentable>(_ key: String, _ value: E?) where E.RawValue == String {
        if let value { members.append(JSONObject.Member(key: key, value: .string(value.rawValue))) }
    }

    mutating func set(_ key: String, _ value: Timestamp?) {
        if let value { members.append(JSONObject.Member(key: key, value: .string(value.rfc3339))) }
    }

    mutating func set(_ key: String, json value: JSONValue?) {
        if let value { members.append(JSONObject.Member(key: key, value: value)) }
    }

    var json: JSONValue { .object(JSONObject(members: members)) }
}
