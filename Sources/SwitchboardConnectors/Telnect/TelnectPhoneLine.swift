import Foundation
import SwitchboardEvents

/// A phone line as `POST /Phones` returns it: the credentials and URL of its event WebSocket.
public struct TelnectPhoneLine: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    /// The line's password; never printed.
    public var password: String
    public var domain: String?
    public var websocketURL: String
    /// When the line stops working (`expires`, `YYYY-MM-DD HH:MM:SS` in UTC per the document),
    /// when the answer had a readable one.
    public var expiresAt: Date?

    public init(username: String, password: String, domain: String? = nil, websocketURL: String, expiresAt: Date? = nil) {
        self.username = username
        self.password = password
        self.domain = domain
        self.websocketURL = websocketURL
        self.expiresAt = expiresAt
    }

    /// Reads the documented answer; `username`, `password` and `websocket_url` are required.
    init(json: JSONValue, operation: String, httpStatus: Int) throws(TelnectError) {
        func text(_ key: String) throws(TelnectError) -> String {
            guard let value = json[key]?.stringValue, !value.isEmpty else {
                throw TelnectError(.invalidResponse, "the new phone line has no \(key)", operation: operation, httpStatus: httpStatus)
            }
            return value
        }
        self.init(username: try text("username"), password: try text("password"), domain: json["domain"]?.stringValue,
                  websocketURL: try text("websocket_url"), expiresAt: json["expires"]?.stringValue.flatMap(Self.parseExpiry))
    }

    /// `2019-04-07 12:00:00` (the document's form, taken as UTC) or RFC 3339.
    static func parseExpiry(_ text: String) -> Date? {
        if let timestamp = Timestamp(rfc3339: text) { return timestamp.date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)
    }

    public var description: String {
        "TelnectPhoneLine(username: \(username), password: [REDACTED], websocketUrl: \(websocketURL), expires: \(expiresAt.map { "\($0)" } ?? "-"))"
    }
}
