import Foundation

/// Settings of one AntBuddy-style PBX account; each entry of the YAML list `sources.antbuddy`
/// decodes into one.
///
/// Only `name`, `apiRoot`, `appId` and `appSecret` are required; every other key has the default
/// documented on it. Secrets (`appSecret`, the values of `sipPasswords`) can come from files with
/// the loader's `KEY_file` form and never appear in `description`, logs or errors.
public struct AntBuddyConfiguration: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The account's name: the metrics label and readiness component `antbuddy:<name>`, and the
    /// event `source` `switchboard://antbuddy/<name>`.
    public var name: String
    /// The API root, e.g. `https://pbx.example.com`; requests go to `<apiRoot>/oapi/v1/…`.
    public var apiRoot: String
    /// The 3rd-party identifier (`x-auth-app-id`, `appId`).
    public var appId: String
    /// The app secret: only ever hashed into signatures, never sent or logged.
    public var appSecret: String
    /// The websocket signal stream, opened with the token of `POST /oapi/v1/voice/auth_token`;
    /// `nil` runs no live source (history, backfill and click-to-call still work).
    public var signalsURL: String?
    /// The query parameter that carries the token on the websocket URL. Default `token`.
    public var tokenQueryParameter: String
    /// SIP passwords by SIP user, for `antbuddy.clickToCall` (`sipUser` comes from the rule, the
    /// password only from here). Default empty (click-to-call refuses every user).
    public var sipPasswords: [String: String]
    /// Records per history page (`limit`), 1…100. Default 100.
    public var historyPageSize: Int
    /// The longest history window one query covers, 1…31 days (the document's maximum). Default 31.
    public var historyWindowDays: Int
    /// How `created_from` / `created_to` are written (a `DateFormatter` pattern, or `unix` for
    /// seconds since 1970). Default `yyyy-MM-dd HH:mm:ss`.
    public var historyDateFormat: String
    /// The time zone of `historyDateFormat` (an IANA name). Default `UTC`.
    public var historyTimeZone: String
    /// A history query reads at most this many pages of one window before giving up (a PBX that
    /// never returns a short page must not loop for ever). Default 1000.
    public var maximumHistoryPages: Int
    /// After a reconnect, history is read from this long before the connection was lost, so a
    /// call that began just before the drop is covered. Default 120.
    public var gapFillLookbackSeconds: Double
    /// Resolve each history recording through `play_recording` into a signed URL. Default true.
    public var resolveRecordings: Bool
    /// The first reconnect waits this long; each further one twice as long. Default 0.5.
    public var reconnectInitialDelaySeconds: Double
    /// Reconnect waits never exceed this. Default 30.
    public var reconnectMaximumDelaySeconds: Double
    /// The fraction (0…1) by which a reconnect wait is shortened at random. Default 0.5.
    public var reconnectJitter: Double
    /// The auth token is renewed this long before it expires (at most half its lifetime). Default 60.
    public var tokenRefreshMarginSeconds: Double
    /// Timeout of one API request. Default 10.
    public var requestTimeoutSeconds: Double
    /// Event ids (and ended call ids) remembered to drop duplicates between the live stream and
    /// history. Default 100000.
    public var maximumRememberedEvents: Int
    /// A PEM CA file for `wss://` signal streams, instead of the system store.
    public var caFile: String?
    /// Seconds of silence on the signal stream before a ping; 0 disables. Default 20.
    public var pingIntervalSeconds: Double
    /// Retries of requests: history, recordings and the token on transport failures too;
    /// click-to-call on 429/5xx only (never on a 4xx, never on a lost answer).
    public var retry: RetryPolicy

    public init(
        name: String,
        apiRoot: String,
        appId: String,
        appSecret: String,
        signalsURL: String? = nil,
        tokenQueryParameter: String = "token",
        sipPasswords: [String: String] = [:],
        historyPageSize: Int = 100,
        historyWindowDays: Int = 31,
        historyDateFormat: String = "yyyy-MM-dd HH:mm:ss",
        historyTimeZone: String = "UTC",
        maximumHistoryPages: Int = 1000,
        gapFillLookbackSeconds: Double = 120,
        resolveRecordings: Bool = true,
        reconnectInitialDelaySeconds: Double = 0.5,
        reconnectMaximumDelaySeconds: Double = 30,
        reconnectJitter: Double = 0.5,
        tokenRefreshMarginSeconds: Double = 60,
        requestTimeoutSeconds: Double = 10,
        maximumRememberedEvents: Int = 100_000,
        caFile: String? = nil,
        pingIntervalSeconds: Double = 20,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.apiRoot = apiRoot
        self.appId = appId
        self.appSecret = appSecret
        self.signalsURL = signalsURL
        self.tokenQueryParameter = tokenQueryParameter
        self.sipPasswords = sipPasswords
        self.historyPageSize = historyPageSize
        self.historyWindowDays = historyWindowDays
        self.historyDateFormat = historyDateFormat
        self.historyTimeZone = historyTimeZone
        self.maximumHistoryPages = maximumHistoryPages
        self.gapFillLookbackSeconds = gapFillLookbackSeconds
        self.resolveRecordings = resolveRecordings
        self.reconnectInitialDelaySeconds = reconnectInitialDelaySeconds
        self.reconnectMaximumDelaySeconds = reconnectMaximumDelaySeconds
        self.reconnectJitter = reconnectJitter
        self.tokenRefreshMarginSeconds = tokenRefreshMarginSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maximumRememberedEvents = maximumRememberedEvents
        self.caFile = caFile
        self.pingIntervalSeconds = pingIntervalSeconds
        self.retry = retry
    }

    private enum CodingKeys: String, CodingKey {
        case name, apiRoot, appId, appSecret, signalsURL, tokenQueryParameter, sipPasswords, historyPageSize, historyWindowDays
        case historyDateFormat, historyTimeZone, maximumHistoryPages, gapFillLookbackSeconds, resolveRecordings
        case reconnectInitialDelaySeconds, reconnectMaximumDelaySeconds, reconnectJitter, tokenRefreshMarginSeconds
        case requestTimeoutSeconds, maximumRememberedEvents, caFile, pingIntervalSeconds, retry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AntBuddyConfiguration(name: "", apiRoot: "", appId: "", appSecret: "")
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        self.init(
            name: try container.decode(String.self, forKey: .name),
            apiRoot: try container.decode(String.self, forKey: .apiRoot),
            appId: try container.decode(String.self, forKey: .appId),
            appSecret: try container.decode(String.self, forKey: .appSecret),
            signalsURL: try container.decodeIfPresent(String.self, forKey: .signalsURL),
            tokenQueryParameter: try value(.tokenQueryParameter, defaults.tokenQueryParameter),
            sipPasswords: try value(.sipPasswords, defaults.sipPasswords),
            historyPageSize: try value(.historyPageSize, defaults.historyPageSize),
            historyWindowDays: try value(.historyWindowDays, defaults.historyWindowDays),
            historyDateFormat: try value(.historyDateFormat, defaults.historyDateFormat),
            historyTimeZone: try value(.historyTimeZone, defaults.historyTimeZone),
            maximumHistoryPages: try value(.maximumHistoryPages, defaults.maximumHistoryPages),
            gapFillLookbackSeconds: try value(.gapFillLookbackSeconds, defaults.gapFillLookbackSeconds),
            resolveRecordings: try value(.resolveRecordings, defaults.resolveRecordings),
            reconnectInitialDelaySeconds: try value(.reconnectInitialDelaySeconds, defaults.reconnectInitialDelaySeconds),
            reconnectMaximumDelaySeconds: try value(.reconnectMaximumDelaySeconds, defaults.reconnectMaximumDelaySeconds),
            reconnectJitter: try value(.reconnectJitter, defaults.reconnectJitter),
            tokenRefreshMarginSeconds: try value(.tokenRefreshMarginSeconds, defaults.tokenRefreshMarginSeconds),
            requestTimeoutSeconds: try value(.requestTimeoutSeconds, defaults.requestTimeoutSeconds),
            maximumRememberedEvents: try value(.maximumRememberedEvents, defaults.maximumRememberedEvents),
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile),
            pingIntervalSeconds: try value(.pingIntervalSeconds, defaults.pingIntervalSeconds),
            retry: try value(.retry, defaults.retry)
        )
    }

    /// The CloudEvents `source` of this account's events.
    public var eventSource: String { "switchboard://antbuddy/\(name)" }

    /// Checks the settings; throws `AB_INVALID_CONFIGURATION` naming every problem.
    public func validate() throws(AntBuddyError) {
        var problems: [String] = []
        if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) {
            problems.append("name must be non-empty letters, digits, '-', '_' or '.'")
        }
        if !Self.isHTTPURL(apiRoot) { problems.append("apiRoot must be an absolute http(s) URL") }
        if let signalsURL, !Self.isURL(signalsURL, schemes: ["ws", "wss", "http", "https"]) {
            problems.append("signalsURL must be an absolute ws(s):// or http(s):// URL")
        }
        if appId.isEmpty { problems.append("appId must not be empty") }
        if appSecret.isEmpty { problems.append("appSecret must not be empty") }
        if tokenQueryParameter.isEmpty { problems.append("tokenQueryParameter must not be empty") }
        for (user, password) in sipPasswords where user.isEmpty || password.isEmpty {
            problems.append("sipPasswords must map non-empty SIP users to non-empty passwords")
            break
        }
        if !(1...100).contains(historyPageSize) { problems.append("historyPageSize must be between 1 and 100") }
        if !(1...31).contains(historyWindowDays) { problems.append("historyWindowDays must be between 1 and 31") }
        if historyDateFormat.isEmpty { problems.append("historyDateFormat must not be empty") }
        if TimeZone(identifier: historyTimeZone) == nil { problems.append("historyTimeZone must be an IANA time zone name") }
        if maximumHistoryPages < 1 { problems.append("maximumHistoryPages must be at least 1") }
        for (key, seconds) in [("reconnectInitialDelaySeconds", reconnectInitialDelaySeconds), ("reconnectMaximumDelaySeconds", reconnectMaximumDelaySeconds),
                               ("requestTimeoutSeconds", requestTimeoutSeconds)]
        where !(seconds > 0 && seconds.isFinite) {
            problems.append("\(key) must be a positive number of seconds")
        }
        if reconnectMaximumDelaySeconds < reconnectInitialDelaySeconds {
            problems.append("reconnectMaximumDelaySeconds must be at least reconnectInitialDelaySeconds")
        }
        for (key, seconds) in [("gapFillLookbackSeconds", gapFillLookbackSeconds), ("tokenRefreshMarginSeconds", tokenRefreshMarginSeconds),
                               ("pingIntervalSeconds", pingIntervalSeconds)]
        where !(seconds >= 0 && seconds.isFinite) {
            problems.append("\(key) must not be negative")
        }
        if !(0...1).contains(reconnectJitter) { problems.append("reconnectJitter must be between 0 and 1") }
        if maximumRememberedEvents < 1 { problems.append("maximumRememberedEvents must be at least 1") }
        problems += retry.problems.map { "retry.\($0)" }
        guard problems.isEmpty else {
            throw AntBuddyError(.invalidConfiguration, "invalid AntBuddy configuration '\(name)': " + problems.joined(separator: "; "))
        }
    }

    private static func isHTTPURL(_ text: String) -> Bool { isURL(text, schemes: ["http", "https"]) }

    private static func isURL(_ text: String, schemes: Set<String>) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return schemes.contains(scheme) && components.host?.isEmpty == false
    }

    public var description: String {
        "AntBuddyConfiguration(name: \(name), apiRoot: \(apiRoot), appId: \(appId), appSecret: [REDACTED], "
            + "signalsURL: \(signalsURL.map { Self.withoutQuery($0) } ?? "-"), sipUsers: \(sipPasswords.keys.sorted()))"
    }

    /// A URL without its query, which may carry credentials.
    static func withoutQuery(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}
