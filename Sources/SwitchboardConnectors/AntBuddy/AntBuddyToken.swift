import Foundation
import SwitchboardEvents

/// An auth token of `POST /oapi/v1/voice/auth_token` (`{value, expire}`) with its expiry.
public struct AntBuddyToken: Sendable, Hashable, CustomStringConvertible {
    /// The token itself: a credential, never logged.
    public let value: String
    /// When the PBX stops accepting it.
    public let expiresAt: Date

    public init(value: String, expiresAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
    }

    /// Reads the answer. The document leaves the form of `expire` open, so it is read tolerantly:
    /// a number or digit string above 10^11 is epoch milliseconds, above 10^9 epoch seconds, any
    /// smaller one a lifetime in seconds from `now`; any other string an RFC 3339 time.
    public init(json: JSONValue, now: Date) throws(AntBuddyError) {
        let operation = "POST /oapi/v1/voice/auth_token"
        guard let value = (json["value"] ?? json["data"]?["value"])?.stringValue, !value.isEmpty else {
            throw AntBuddyError(.invalidResponse, "the answer has no token `value`", operation: operation)
        }
        let expire = json["expire"] ?? json["data"]?["expire"]
        let number = expire?.doubleValue ?? expire?.stringValue.flatMap { Double($0) }
        let expiresAt: Date
        if let number, number.isFinite, number > 0 {
            if number > 1e11 {
                expiresAt = Date(timeIntervalSince1970: number / 1000)
            } else if number > 1e9 {
                expiresAt = Date(timeIntervalSince1970: number)
            } else {
                expiresAt = now.addingTimeInterval(number)
            }
        } else if let text = expire?.stringValue, let time = Timestamp(rfc3339: text) {
            expiresAt = time.date
        } else {
            throw AntBuddyError(.invalidResponse, "the token's `expire` is neither a time nor a lifetime", operation: operation)
        }
        self.init(value: value, expiresAt: expiresAt)
    }

    public var description: String { "AntBuddyToken([REDACTED], expiresAt: \(expiresAt))" }
}
