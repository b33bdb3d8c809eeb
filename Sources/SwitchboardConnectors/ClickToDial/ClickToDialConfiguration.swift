import Foundation

/// Settings of the CAMARA Click-to-Dial connector; a YAML `clicktodial:` section decodes into it.
///
/// Only `apiRoot`, `tokenURL`, `clientId`, `clientSecret` and `sinkURL` are required; every other
/// key has the default documented on it. `clientSecret` never appears in `description` or in errors.
public struct ClickToDialConfiguration: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The API root including the base path, e.g. `https://api.example.com/click-to-dial/vwip`;
    /// requests go to `<apiRoot>/calls…`.
    public var apiRoot: String
    /// The OAuth2 token endpoint (client-credentials grant).
    public var tokenURL: String
    public var clientId: String
    /// The OAuth2 client secret: sent only to `tokenURL`, never logged.
    public var clientSecret: String
    /// The OAuth2 scopes to ask for (space-separated), or `nil` to let the provider choose.
    public var scope: String?
    /// Switchboard's public webhook URL for status notifications (`sink` of `POST /calls`).
    public var sinkURL: String
    /// How long the per-call sink token stays valid; it must outlive the longest call plus the
    /// provider's notification retries. Default 14400 (4 hours).
    public var sinkCredentialLifetimeSeconds: Double
    /// A call created through the connector that reports no final state for this long is polled
    /// with `GET /calls/{callId}`. Default 60.
    public var reconcileAfterSeconds: Double
    /// How often the reconciler looks for calls that are due. Default 5.
    public var reconcileIntervalSeconds: Double
    /// A tracked call is forgotten after this long without a final state. Default 86400 (1 day).
    public var reconcileGiveUpSeconds: Double
    /// The most calls tracked at once; the oldest is forgotten beyond it. Default 100000.
    public var maximumTrackedCalls: Int
    /// Where downloaded recordings are written; `nil` disables downloads.
    public var recordingDirectory: String?
    /// The CloudEvents `source` of events the connector emits (reconciled states, recordings).
    /// Default `switchboard://clicktodial`.
    public var eventSource: String
    /// Timeout of one API or token request. Default 10.
    public var requestTimeoutSeconds: Double
    /// Timeout of one recording download (up to 20 MB of audio). Default 120.
    public var recordingTimeoutSeconds: Double
    /// A cached access token is renewed this long before it expires (at most half its lifetime).
    /// Default 30.
    public var tokenRefreshMarginSeconds: Double
    /// Retries of idempotent requests (GET, DELETE, token).
    public var retry: RetryPolicy

    public init(
        apiRoot: String,
        tokenURL: String,
        clientId: String,
        clientSecret: String,
        scope: String? = nil,
        sinkURL: String,
        sinkCredentialLifetimeSeconds: Double = 14_400,
        reconcileAfterSeconds: Double = 60,
        reconcileIntervalSeconds: Double = 5,
        reconcileGiveUpSeconds: Double = 86_400,
        maximumTrackedCalls: Int = 100_000,
        recordingDirectory: String? = nil,
        eventSource: String = "switchboard://clicktodial",
        requestTimeoutSeconds: Double = 10,
        recordingTimeoutSeconds: Double = 120,
        tokenRefreshMarginSeconds: Double = 30,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.apiRoot = apiRoot
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scope = scope
        self.sinkURL = sinkURL
        self.sinkCredentialLifetimeSeconds = sinkCredentialLifetimeSeconds
        self.reconcileAfterSeconds = reconcileAfterSeconds
        self.reconcileIntervalSeconds = reconcileIntervalSeconds
        self.reconcileGiveUpSeconds = reconcileGiveUpSeconds
        self.maximumTrackedCalls = maximumTrackedCalls
        self.recordingDirectory = recordingDirectory
        self.eventSource = eventSource
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.recordingTimeoutSeconds = recordingTimeoutSeconds
        self.tokenRefreshMarginSeconds = tokenRefreshMarginSeconds
        self.retry = retry
    }

    private enum CodingKeys: String, CodingKey {
        case apiRoot, tokenURL, clientId, clientSecret, scope, sinkURL, sinkCredentialLifetimeSeconds, reconcileAfterSeconds
        case reconcileIntervalSeconds, reconcileGiveUpSeconds, maximumTrackedCalls, recordingDirectory, eventSource
        case requestTimeoutSeconds, recordingTimeoutSeconds, tokenRefreshMarginSeconds, retry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ClickToDialConfiguration(apiRoot: "", tokenURL: "", clientId: "", clientSecret: "", sinkURL: "")
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        self.init(
            apiRoot: try container.decode(String.self, forKey: .apiRoot),
            tokenURL: try container.decode(String.self, forKey: .tokenURL),
            clientId: try container.decode(String.self, forKey: .clientId),
            clientSecret: try container.decode(String.self, forKey: .clientSecret),
            scope: try container.decodeIfPresent(String.self, forKey: .scope),
            sinkURL: try container.decode(String.self, forKey: .sinkURL),
            sinkCredentialLifetimeSeconds: try value(.sinkCredentialLifetimeSeconds, defaults.sinkCredentialLifetimeSeconds),
            reconcileAfterSeconds: try value(.reconcileAfterSeconds, defaults.reconcileAfterSeconds),
            reconcileIntervalSeconds: try value(.reconcileIntervalSeconds, defaults.reconcileIntervalSeconds),
            reconcileGiveUpSeconds: try value(.reconcileGiveUpSeconds, defaults.reconcileGiveUpSeconds),
            maximumTrackedCalls: try value(.maximumTrackedCalls, defaults.maximumTrackedCalls),
            recordingDirectory: try container.decodeIfPresent(String.self, forKey: .recordingDirectory),
            eventSource: try value(.eventSource, defaults.eventSource),
            requestTimeoutSeconds: try value(.requestTimeoutSeconds, defaults.requestTimeoutSeconds),
            recordingTimeoutSeconds: try value(.recordingTimeoutSeconds, defaults.recordingTimeoutSeconds),
            tokenRefreshMarginSeconds: try value(.tokenRefreshMarginSeconds, defaults.tokenRefreshMarginSeconds),
            retry: try value(.retry, defaults.retry)
        )
    }

    /// Checks the settings; throws `CTD_INVALID_CONFIGURATION` naming every problem.
    public func validate() throws(ClickToDialError) {
        var problems: [String] = []
        for (key, url) in [("apiRoot", apiRoot), ("tokenURL", tokenURL), ("sinkURL", sinkURL)] {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                  scheme == "https" || scheme == "http", components.host?.isEmpty == false else {
                problems.append("\(key) must be an absolute http(s) URL")
                continue
            }
        }
        if clientId.isEmpty { problems.append("clientId must not be empty") }
        if clientSecret.isEmpty { problems.append("clientSecret must not be empty") }
        if sinkURL.utf8.count > 2048 { problems.append("sinkURL must be at most 2048 characters") }
        for (key, seconds) in [("sinkCredentialLifetimeSeconds", sinkCredentialLifetimeSeconds), ("reconcileAfterSeconds", reconcileAfterSeconds),
                               ("reconcileIntervalSeconds", reconcileIntervalSeconds), ("reconcileGiveUpSeconds", reconcileGiveUpSeconds),
                               ("requestTimeoutSeconds", requestTimeoutSeconds), ("recordingTimeoutSeconds", recordingTimeoutSeconds)]
        where !(seconds > 0 && seconds.isFinite) {
            problems.append("\(key) must be a positive number of seconds")
        }
        if !(tokenRefreshMarginSeconds >= 0) { problems.append("tokenRefreshMarginSeconds must not be negative") }
        if maximumTrackedCalls < 1 { problems.append("maximumTrackedCalls must be at least 1") }
        problems += retry.problems.map { "retry.\($0)" }
        guard problems.isEmpty else {
            throw ClickToDialError(.invalidConfiguration, "invalid Click-to-Dial configuration: " + problems.joined(separator: "; "))
        }
    }

    public var description: String {
        "ClickToDialConfiguration(apiRoot: \(apiRoot), tokenURL: \(tokenURL), clientId: \(clientId), clientSecret: [REDACTED], "
            + "scope: \(scope ?? "-"), sinkURL: \(sinkURL), reconcileAfterSeconds: \(reconcileAfterSeconds), "
            + "recordingDirectory: \(recordingDirectory ?? "-"))"
    }
}
