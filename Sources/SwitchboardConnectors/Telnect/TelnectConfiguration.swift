import Foundation
import SwitchboardEvents
import SwitchboardSignalR

/// One Telnect account: its REST API, where its event stream comes from, and how hard to retry.
/// `sources.telnect` in the YAML file is a list of these (docs/configuration.md, Telnect).
///
/// Only `token` is required. The event stream is either a configured `websocketUrl` (with
/// `websocketUsername`/`websocketPassword` when the line needs them), or — when it is left out —
/// a phone line provisioned with `POST /Phones` (`websocket` in `allow_features`, `event_callback`
/// = `eventCallbackUrl`), renewed before it expires. Secrets (`token`, `websocketPassword`) never
/// appear in `description`, logs or errors; set them with `token_file` / `websocketPassword_file`.
public struct TelnectConfiguration: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The account's name: the events' CloudEvents `source` is `switchboard://telnect/<name>`, and
    /// actions of those events run on this account. Default `main`.
    public var name: String
    /// The API base URL; requests go to `<baseUrl>/Calls…`. Default `https://bss.telnect.com/api/v1`.
    public var baseURL: String
    /// The API bearer token (`Authorization: Bearer …` on every request).
    public var token: String
    /// A phone line's WebSocket URL; `nil` provisions a line with `POST /Phones` instead.
    public var websocketURL: String?
    /// The line's user name (`username` of `POST /Phones`), sent with the password as HTTP Basic
    /// authentication on the WebSocket upgrade.
    public var websocketUsername: String?
    /// The line's password.
    public var websocketPassword: String?
    /// Switchboard's public webhook URL (`…/webhooks/telnect`), sent as `event_callback` when a
    /// line is provisioned; `nil` leaves it out. Telnect sends no `Authorization` header, so the
    /// webhook token goes in the URL as `access_token`; the query is never printed.
    public var eventCallbackURL: String?
    /// `allow_features` of a provisioned line; `websocket` is always added. Default `inbound, outbound, websocket`.
    public var allowFeatures: [String]
    /// `max_expire` of a provisioned line, in seconds. Default 86400.
    public var phoneMaxExpireSeconds: Int
    /// A provisioned line is renewed this long before its `expires`. Default 300.
    public var phoneRenewMarginSeconds: Double
    /// Timeout of one API request. Default 10.
    public var requestTimeoutSeconds: Double
    /// Retries of idempotent requests (GET, DELETE, call actions); `POST /Calls` and `POST /Phones`
    /// are retried only on 429.
    public var retry: RetryPolicy
    /// When `X-RateLimit-Remaining` is 0, requests wait until `X-RateLimit-Reset` — at most this
    /// long; a longer closed window fails the request with `TELNECT_RATE_LIMITED`. Default 60.
    public var maximumRateLimitWaitSeconds: Double
    /// Backoff with jitter between WebSocket reconnects.
    public var reconnect: ReconnectPolicy
    /// After a reconnect, history is read from the last event seen minus this much. Default 30.
    public var gapFillOverlapSeconds: Double
    /// `limit` of each `GET /Calls/history` page. Default 50.
    public var historyPageSize: Int
    /// Pages read at most per gap fill. Default 20.
    public var historyMaximumPages: Int
    /// Event ids and call states remembered for de-duplication. Default 10000.
    public var deduplicationCapacity: Int
    /// A stream frame larger than this is skipped (`too_large`). Default 65536.
    public var maximumFrameBytes: Int
    /// Seconds of silence on the stream before a ping; 0 disables. Default 20.
    public var pingIntervalSeconds: Double
    /// Seconds to wait for an answer to a ping before the stream counts as dead. Default 10.
    public var pongTimeoutSeconds: Double
    /// Seconds to open the WebSocket. Default 10.
    public var connectTimeoutSeconds: Double
    /// A PEM CA file for `wss://` instead of the system store.
    public var caFile: String?

    public init(
        name: String = "main",
        baseURL: String = "https://bss.telnect.com/api/v1",
        token: String,
        websocketURL: String? = nil,
        websocketUsername: String? = nil,
        websocketPassword: String? = nil,
        eventCallbackURL: String? = nil,
        allowFeatures: [String] = ["inbound", "outbound", "websocket"],
        phoneMaxExpireSeconds: Int = 86_400,
        phoneRenewMarginSeconds: Double = 300,
        requestTimeoutSeconds: Double = 10,
        retry: RetryPolicy = RetryPolicy(),
        maximumRateLimitWaitSeconds: Double = 60,
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        gapFillOverlapSeconds: Double = 30,
        historyPageSize: Int = 50,
        historyMaximumPages: Int = 20,
        deduplicationCapacity: Int = 10_000,
        maximumFrameBytes: Int = 65_536,
        pingIntervalSeconds: Double = 20,
        pongTimeoutSeconds: Double = 10,
        connectTimeoutSeconds: Double = 10,
        caFile: String? = nil
    ) {
        self.name = name
        self.baseURL = baseURL
        self.token = token
        self.websocketURL = websocketURL
        self.websocketUsername = websocketUsername
        self.websocketPassword = websocketPassword
        self.eventCallbackURL = eventCallbackURL
        self.allowFeatures = allowFeatures
        self.phoneMaxExpireSeconds = phoneMaxExpireSeconds
        self.phoneRenewMarginSeconds = phoneRenewMarginSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.retry = retry
        self.maximumRateLimitWaitSeconds = maximumRateLimitWaitSeconds
        self.reconnect = reconnect
        self.gapFillOverlapSeconds = gapFillOverlapSeconds
        self.historyPageSize = historyPageSize
        self.historyMaximumPages = historyMaximumPages
        self.deduplicationCapacity = deduplicationCapacity
        self.maximumFrameBytes = maximumFrameBytes
        self.pingIntervalSeconds = pingIntervalSeconds
        self.pongTimeoutSeconds = pongTimeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.caFile = caFile
    }

    private enum CodingKeys: String, CodingKey {
        case name, baseURL = "baseUrl", token, websocketURL = "websocketUrl", websocketUsername, websocketPassword
        case eventCallbackURL = "eventCallbackUrl", allowFeatures, phoneMaxExpireSeconds, phoneRenewMarginSeconds
        case requestTimeoutSeconds, retry, maximumRateLimitWaitSeconds, reconnect, gapFillOverlapSeconds
        case historyPageSize, historyMaximumPages, deduplicationCapacity, maximumFrameBytes
        case pingIntervalSeconds, pongTimeoutSeconds, connectTimeoutSeconds, caFile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TelnectConfiguration(token: "")
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        // An empty string (an unset `${VAR:-}`) means "not set".
        func optional(_ key: CodingKeys) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: key).flatMap { $0.isEmpty ? nil : $0 }
        }
        self.init(
            name: try value(.name, defaults.name),
            baseURL: try value(.baseURL, defaults.baseURL),
            token: try container.decode(String.self, forKey: .token),
            websocketURL: try optional(.websocketURL),
            websocketUsername: try optional(.websocketUsername),
            websocketPassword: try optional(.websocketPassword),
            eventCallbackURL: try optional(.eventCallbackURL),
            allowFeatures: try value(.allowFeatures, defaults.allowFeatures),
            phoneMaxExpireSeconds: try value(.phoneMaxExpireSeconds, defaults.phoneMaxExpireSeconds),
            phoneRenewMarginSeconds: try value(.phoneRenewMarginSeconds, defaults.phoneRenewMarginSeconds),
            requestTimeoutSeconds: try value(.requestTimeoutSeconds, defaults.requestTimeoutSeconds),
            retry: try value(.retry, defaults.retry),
            maximumRateLimitWaitSeconds: try value(.maximumRateLimitWaitSeconds, defaults.maximumRateLimitWaitSeconds),
            reconnect: try value(.reconnect, defaults.reconnect),
            gapFillOverlapSeconds: try value(.gapFillOverlapSeconds, defaults.gapFillOverlapSeconds),
            historyPageSize: try value(.historyPageSize, defaults.historyPageSize),
            historyMaximumPages: try value(.historyMaximumPages, defaults.historyMaximumPages),
            deduplicationCapacity: try value(.deduplicationCapacity, defaults.deduplicationCapacity),
            maximumFrameBytes: try value(.maximumFrameBytes, defaults.maximumFrameBytes),
            pingIntervalSeconds: try value(.pingIntervalSeconds, defaults.pingIntervalSeconds),
            pongTimeoutSeconds: try value(.pongTimeoutSeconds, defaults.pongTimeoutSeconds),
            connectTimeoutSeconds: try value(.connectTimeoutSeconds, defaults.connectTimeoutSeconds),
            caFile: try optional(.caFile)
        )
    }

    /// The CloudEvents `source` of this account's events.
    public var eventSource: String { "\(Platform.telnect.defaultSource)/\(name)" }

    /// Checks the settings; throws `TELNECT_INVALID_CONFIGURATION` naming every problem.
    public func validate() throws(TelnectError) {
        var problems: [String] = []
        if name.isEmpty || !name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) {
            problems.append("name must be non-empty printable ASCII without spaces or '/'")
        }
        if !Self.isHTTPURL(baseURL) { problems.append("baseUrl must be an absolute http(s) URL") }
        if token.isEmpty { problems.append("token must not be empty (set token or token_file)") }
        if let websocketURL {
            guard let scheme = URLComponents(string: websocketURL)?.scheme?.lowercased(), ["ws", "wss", "http", "https"].contains(scheme) else {
                problems.append("websocketUrl must be a ws:// or wss:// URL")
                return try fail(problems)
            }
            if (websocketUsername == nil) != (websocketPassword == nil) {
                problems.append("websocketUsername and websocketPassword go together")
            }
        }
        if let eventCallbackURL, !Self.isHTTPURL(eventCallbackURL) { problems.append("eventCallbackUrl must be an absolute http(s) URL") }
        if phoneMaxExpireSeconds < 60 { problems.append("phoneMaxExpireSeconds must be at least 60") }
        if !(phoneRenewMarginSeconds >= 0) || phoneRenewMarginSeconds >= Double(phoneMaxExpireSeconds) {
            problems.append("phoneRenewMarginSeconds must be between 0 and phoneMaxExpireSeconds")
        }
        for (key, seconds) in [("requestTimeoutSeconds", requestTimeoutSeconds), ("connectTimeoutSeconds", connectTimeoutSeconds),
                               ("pongTimeoutSeconds", pongTimeoutSeconds)]
        where !(seconds > 0 && seconds.isFinite) {
            problems.append("\(key) must be a positive number of seconds")
        }
        for (key, seconds) in [("maximumRateLimitWaitSeconds", maximumRateLimitWaitSeconds), ("gapFillOverlapSeconds", gapFillOverlapSeconds),
                               ("pingIntervalSeconds", pingIntervalSeconds)]
        where !(seconds >= 0 && seconds.isFinite) {
            problems.append("\(key) must not be negative")
        }
        if !(1...1000).contains(historyPageSize) { problems.append("historyPageSize must be between 1 and 1000") }
        if historyMaximumPages < 1 { problems.append("historyMaximumPages must be at least 1") }
        if deduplicationCapacity < 1 { problems.append("deduplicationCapacity must be at least 1") }
        if maximumFrameBytes < 256 { problems.append("maximumFrameBytes must be at least 256") }
        if !(reconnect.initialDelaySeconds >= 0) || !(reconnect.maximumDelaySeconds >= reconnect.initialDelaySeconds) || !(reconnect.multiplier >= 1)
            || !(0...1).contains(reconnect.jitter) {
            problems.append("reconnect needs 0 <= initialDelaySeconds <= maximumDelaySeconds, multiplier >= 1, jitter in 0...1")
        }
        problems += retry.problems.map { "retry.\($0)" }
        try fail(problems)
    }

    private func fail(_ problems: [String]) throws(TelnectError) {
        guard problems.isEmpty else {
            throw TelnectError(.invalidConfiguration, "Telnect account '\(name)': " + problems.joined(separator: "; "))
        }
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return (scheme == "https" || scheme == "http") && components.host?.isEmpty == false
    }

    /// `text` with the token and line password replaced, for messages that echo what a server said.
    func redacting(_ text: String) -> String {
        var text = text
        for secret in [token, websocketPassword ?? ""] where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "[REDACTED]")
        }
        return text
    }

    /// The callback URL may carry the webhook token as `access_token`: never print the query.
    private static func withoutQuery(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        return url[..<query] + "?[REDACTED]"
    }

    public var description: String {
        "TelnectConfiguration(name: \(name), baseUrl: \(baseURL), token: [REDACTED], websocketUrl: \(websocketURL ?? "provisioned"), "
            + "websocketUsername: \(websocketUsername ?? "-"), websocketPassword: \(websocketPassword == nil ? "-" : "[REDACTED]"), "
            + "eventCallbackUrl: \(eventCallbackURL.map(Self.withoutQuery) ?? "-"))"
    }
}
