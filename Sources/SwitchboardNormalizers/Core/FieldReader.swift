import SwitchboardEvents

/// Reads members of one JSON object of an untrusted payload, naming each member by its path
/// in errors (`source.dialplan.cc`, `data[2].attributes.duration`).
///
/// Strings are length-checked: a platform id or number is never megabytes long, and refusing
/// such values early keeps them out of logs, Kafka keys and rule indexes.
struct FieldReader {
    /// Longest id, number, state or name accepted.
    static let shortLimit = 256
    /// Longest free text accepted (reasons, bloc data).
    static let textLimit = 65_536

    let members: JSONObject
    /// Path of this object; empty at the document root.
    let path: String

    init(_ value: JSONValue, path: String) throws(NormalizationError) {
        guard case .object(let members) = value else {
            throw .wrongType(path: path.isEmpty ? "$" : path, expected: "object", found: value.kindName)
        }
        self.members = members
        self.path = path
    }

    func memberPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member, or nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func string(_ key: String, limit: Int = shortLimit) throws(NormalizationError) -> String {
        guard let value = try optionalString(key, limit: limit) else { throw .missingField(path: memberPath(key)) }
        return value
    }

    /// A non-empty string (an empty id is as good as none).
    func nonEmptyString(_ key: String, limit: Int = shortLimit) throws(NormalizationError) -> String {
        guard let value = try optionalString(key, limit: limit), !value.isEmpty else { throw .missingField(path: memberPath(key)) }
        return value
    }

    func optionalString(_ key: String, limit: Int = shortLimit) throws(NormalizationError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.string(value, path: memberPath(key), limit: limit)
    }

    /// A string whose empty form means "none" (`fromName: ""`, `recording: ""`).
    func optionalNonEmptyString(_ key: String, limit: Int = shortLimit) throws(NormalizationError) -> String? {
        guard let value = try optionalString(key, limit: limit), !value.isEmpty else { return nil }
        return value
    }

    /// The first of several alias keys that is present, as a non-empty string.
    func firstString(_ keys: [String], limit: Int = shortLimit) throws(NormalizationError) -> String? {
        for key in keys {
            if let value = try optionalNonEmptyString(key, limit: limit) { return value }
        }
        return nil
    }

    /// A string or a number written as a string (ids some platforms send either way).
    func optionalIdentifier(_ key: String) throws(NormalizationError) -> String? {
        guard let value = value(key) else { return nil }
        if case .integer(let integer) = value { return String(integer) }
        let string = try Self.string(value, path: memberPath(key), limit: Self.shortLimit)
        return string.isEmpty ? nil : string
    }

    /// The first of several alias keys that holds an id (string or integer).
    func firstIdentifier(_ keys: [String]) throws(NormalizationError) -> String? {
        for key in keys {
            if let value = try optionalIdentifier(key) { return value }
        }
        return nil
    }

    func optionalObject(_ key: String) throws(NormalizationError) -> FieldReader? {
        guard let value = value(key) else { return nil }
        return try FieldReader(value, path: memberPath(key))
    }

    /// The longest duration accepted: 10 years. Larger values are corrupt, and would overflow
    /// when turned into milliseconds.
    static let maximumSeconds: Int64 = 315_576_000
    /// The latest time accepted, 9999-12-31T23:59:59.999Z: RFC 3339 has four-digit years.
    static let maximumMilliseconds: Int64 = 253_402_300_799_999

    /// A whole number of seconds given as a number or as a digit string, at most `maximumSeconds`.
    ///
    /// With `lenient`, a string that is not a number (a documentation placeholder such as
    /// `"string"`) counts as absent rather than an error; other kinds are always errors.
    func optionalSeconds(_ key: String, lenient: Bool = false) throws(NormalizationError) -> Int64? {
        guard let value = value(key) else { return nil }
        let seconds: Int64
        switch value {
        case .integer, .double:
            guard let integer = value.integerValue ?? value.doubleValue.flatMap({ $0.isFinite && abs($0) < 9e15 ? Int64($0.rounded()) : nil }) else {
                throw .invalidValue(path: memberPath(key), reason: "is not a usable number of seconds")
            }
            guard integer >= 0 else { throw .invalidValue(path: memberPath(key), reason: "must not be negative, found \(integer)") }
            seconds = integer
        case .string(let text):
            guard let integer = Self.digits(text) else {
                if lenient { return nil }
                throw .wrongType(path: memberPath(key), expected: "a number of seconds", found: "string \(NormalizationError.quoted(text))")
            }
            seconds = integer
        default:
            throw .wrongType(path: memberPath(key), expected: "number", found: value.kindName)
        }
        guard seconds <= Self.maximumSeconds else {
            throw .invalidValue(path: memberPath(key), reason: "\(seconds) seconds is more than the limit of \(Self.maximumSeconds)")
        }
        return seconds
    }

    /// A number (integer or decimal) given as a number or a numeric string; lenient as above.
    func optionalNumber(_ key: String, lenient: Bool = false) throws(NormalizationError) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer, .double: return value.doubleValue
        case .string(let text):
            if text.utf8.count <= 64, let number = Double(text.trimmingSpaces), number.isFinite { return number }
            if lenient { return nil }
            throw .wrongType(path: memberPath(key), expected: "number", found: "string \(NormalizationError.quoted(text))")
        default:
            throw .wrongType(path: memberPath(key), expected: "number", found: value.kindName)
        }
    }

    /// A boolean given as `true`/`false`, `1`/`0` or their string forms; lenient as above.
    func optionalFlag(_ key: String, lenient: Bool = false) throws(NormalizationError) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .integer(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.lowercased() {
            case "true", "t", "1", "yes", "y": return true
            case "false", "f", "0", "no", "n": return false
            default:
                if lenient { return nil }
                throw .wrongType(path: memberPath(key), expected: "boolean", found: "string \(NormalizationError.quoted(text))")
            }
        default:
            throw .wrongType(path: memberPath(key), expected: "boolean", found: value.kindName)
        }
    }

    /// A point in time: an RFC 3339 string (the space separator and a missing zone, meaning UTC,
    /// are accepted) or, with `allowUnix`, Unix seconds (milliseconds above 10^11) as a number.
    func optionalTimestamp(_ key: String, allowUnix: Bool = false) throws(NormalizationError) -> Timestamp? {
        guard let value = value(key) else { return nil }
        if allowUnix, let number = Self.unixNumber(value) {
            let milliseconds = number > 100_000_000_000 ? number : number * 1000
            guard milliseconds <= Self.maximumMilliseconds else {
                throw .invalidValue(path: memberPath(key), reason: "\(number) is after the year 9999")
            }
            return Timestamp(millisecondsSince1970: milliseconds)
        }
        guard case .string(let text) = value else {
            throw .wrongType(path: memberPath(key), expected: allowUnix ? "timestamp or Unix seconds" : "timestamp string", found: value.kindName)
        }
        guard text.utf8.count <= 64, let timestamp = Timestamp(rfc3339: text) else {
            throw .invalidValue(path: memberPath(key), reason: "expected an RFC 3339 timestamp, found \(NormalizationError.quoted(text))")
        }
        return timestamp
    }

    /// `path` is only built for an error: building it for every field read made a string each.
    static func string(_ value: JSONValue, path: @autoclosure () -> String, limit: Int) throws(NormalizationError) -> String {
        guard case .string(let string) = value else { throw .wrongType(path: path(), expected: "string", found: value.kindName) }
        guard string.utf8.count <= limit else {
            throw .invalidValue(path: path(), reason: "is \(string.utf8.count) bytes long, more than the limit of \(limit)")
        }
        return string
    }

    private static func unixNumber(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let number): return number >= 0 ? number : nil
        case .double(let number): return number.isFinite && number >= 0 && number < 9e15 ? Int64(number) : nil
        case .string(let text): return digits(text)
        default: return nil
        }
    }

    /// The value of a string of 1 to 18 ASCII digits.
    static func digits(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        guard (1...18).contains(trimmed.utf8.count), trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(trimmed)
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
