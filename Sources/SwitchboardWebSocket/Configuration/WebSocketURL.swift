/// A parsed `ws://` / `wss://` (or `http://` / `https://`) URL, split the way libwebsockets wants it.
///
/// Parsing is strict and never traps: anything unexpected becomes a `WebSocketError` with
/// code `.invalidURL`, whose message names the problem but never repeats the query (it may hold tokens).
public struct WebSocketURL: Sendable, Hashable, CustomStringConvertible {
    /// `true` for `wss` and `https`.
    public var usesTLS: Bool
    /// The host name or IP literal, without brackets.
    public var host: String
    /// The TCP port (default 80 / 443 by scheme).
    public var port: Int
    /// The path and query, always starting with `/`.
    public var pathAndQuery: String

    /// Parses `text`; `http(s)` is accepted too, so a SignalR hub URL can be turned into its WebSocket URL.
    public init(_ text: String) throws(WebSocketError) {
        guard let schemeEnd = text.range(of: "://") else {
            throw WebSocketError(.invalidURL, "the URL has no scheme (expected ws://, wss://, http:// or https://)")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "ws", "http": usesTLS = false
        case "wss", "https": usesTLS = true
        default: throw WebSocketError(.invalidURL, "unsupported scheme '\(scheme)'")
        }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var remainder = String(rest[authorityEnd...])
        if let fragment = remainder.firstIndex(of: "#") { remainder = String(remainder[..<fragment]) }
        if authority.contains("@") {
            throw WebSocketError(.invalidURL, "credentials in the URL are not supported; use headers")
        }
        var explicitPort: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw WebSocketError(.invalidURL, "unterminated IPv6 literal")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { explicitPort = try Self.port(after.dropFirst()) } else if !after.isEmpty {
                throw WebSocketError(.invalidURL, "unexpected text after the IPv6 literal")
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                explicitPort = try Self.port(authority[authority.index(after: colon)...])
                authority = authority[..<colon]
            }
            host = String(authority)
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw WebSocketError(.invalidURL, "the URL has an empty or invalid host")
        }
        port = explicitPort ?? (usesTLS ? 443 : 80)
        if remainder.isEmpty { remainder = "/" } else if remainder.hasPrefix("?") { remainder = "/" + remainder }
        guard remainder.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw WebSocketError(.invalidURL, "the path or query contains spaces, control or non-ASCII characters")
        }
        pathAndQuery = remainder
    }

    private static func port(_ text: Substring) throws(WebSocketError) -> Int {
        guard let value = Int(text), (1...65535).contains(value) else {
            throw WebSocketError(.invalidURL, "invalid port '\(text.prefix(8))'")
        }
        return value
    }

    /// The path without the query.
    public var path: String {
        pathAndQuery.firstIndex(of: "?").map { String(pathAndQuery[..<$0]) } ?? pathAndQuery
    }

    /// The value for the `Host` header: the port is only written when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (usesTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// A copy with `name=value` pairs appended to the query (percent-encoded).
    public func appendingQuery(_ items: [(name: String, value: String)]) -> WebSocketURL {
        guard !items.isEmpty else { return self }
        var copy = self
        var query = items.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }.joined(separator: "&")
        query = (pathAndQuery.contains("?") ? (pathAndQuery.hasSuffix("?") ? "" : "&") : "?") + query
        copy.pathAndQuery += query
        return copy
    }

    /// A copy with the path replaced by `path + suffix` and the query kept (`/hub` → `/hub/negotiate?...`).
    public func appendingPath(_ suffix: String) -> WebSocketURL {
        var copy = self
        let query = pathAndQuery.firstIndex(of: "?").map { String(pathAndQuery[$0...]) } ?? ""
        var base = path
        if base.hasSuffix("/") && suffix.hasPrefix("/") { base.removeLast() }
        copy.pathAndQuery = base + suffix + query
        return copy
    }

    /// RFC 3986 unreserved characters pass; everything else is `%XX`.
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out
    }

    /// Scheme, host, port and path; the query is left out because it may carry tokens.
    public var description: String {
        "\(usesTLS ? "wss" : "ws")://\(hostHeader)\(path)"
    }
}
