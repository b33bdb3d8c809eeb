import Foundation

/// One telecom.center Operator API account polled for CDRs; a YAML `sources.telecomcenter[]`
/// entry decodes into it.
///
/// Only `name`, `username` and `password` are required; every other key has the default
/// documented on it. `password` never appears in `description`, logs or errors.
public struct TelecomCenterConfiguration: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// Short account name: metrics label (`telecomcenter:<name>/termination`), checkpoint file
    /// names and the default event `source`. Letters, digits, `.`, `_` and `-`.
    public var name: String
    /// The Operator API root, without a trailing `/`. Default the production
    /// `https://api.telecom.center/api/rest/public/operator` (sandbox: `https://api.sandbox.telecom.center/api/rest/public/operator`).
    public var apiRoot: String
    /// Basic-auth user name (given by telecom.center sales).
    public var username: String
    /// Basic-auth password; set it with `password_file` or `${ENV}`.
    public var password: String
    /// Which CDR collections are polled. Default both.
    public var collections: [CDRCollection]
    /// Resource path per collection below `apiRoot`, for deployments whose path differs from
    /// `CDRCollection.defaultPath` (keys `termination`, `incomingTrunk`).
    public var paths: [CDRCollection: String]
    /// `page[size]` of each request. Default 100.
    public var pageSize: Int
    /// Relationship paths asked for with `include` (e.g. `customer`); empty sends no `include`
    /// (the document: an endpoint that does not support it answers 400). Default none.
    public var include: [String]
    /// Extra `filter[<key>]=<value>` parameters (e.g. `customer.id: "123"`), sent on every request.
    public var filters: [String: String]
    /// The `filter[time_start_gteq]` of the very first poll, in the server's own time format
    /// (`2026-11-01 00:00`), used only while no checkpoint exists. Default none: everything.
    public var startFrom: String?
    /// How far below the newest `time_start` each poll looks again, for CDRs written late (a
    /// call's CDR appears when it ends but carries its start time). CDRs in this window are
    /// remembered in the checkpoint so none is delivered twice; a CDR older than the window when
    /// it appears is not fetched. 0 re-reads only the mark itself. Set it to the longest call
    /// you expect; every poll re-reads the window. Default 600.
    public var lateArrivalWindowSeconds: Double
    /// Wait between the end of one poll (no further page) and the next. Default 30.
    public var pollIntervalSeconds: Double
    /// First wait after a failed poll; doubles per consecutive failure. Default 2.
    public var errorBackoffSeconds: Double
    /// Cap of the error wait. Default 300.
    public var maximumErrorBackoffSeconds: Double
    /// Least wait after a 429 (longer when `Retry-After` asks for more). Default 30.
    public var rateLimitBackoffSeconds: Double
    /// Timeout of one request. Default 30.
    public var requestTimeoutSeconds: Double
    /// Largest answer read (a page of CDRs). Default 16 MiB.
    public var maximumResponseBytes: Int
    /// Where the checkpoints live (`<directory>/<name>.<collection>.json`). Default
    /// `$SWITCHBOARD_STATE_DIR/telecomcenter` (`.switchboard/telecomcenter` when unset).
    public var checkpointDirectory: String
    /// CloudEvents `source` of the events. Default `switchboard://telecomcenter/<name>`.
    public var eventSource: String
    /// Retries of one request (all are GETs): 429, 408, 5xx and transport failures.
    public var retry: RetryPolicy

    /// The production API root from the Operator API document.
    public static let productionAPIRoot = "https://api.telecom.center/api/rest/public/operator"

    /// The default checkpoint directory: `telecomcenter` under `SWITCHBOARD_STATE_DIR`.
    public static func defaultCheckpointDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["SWITCHBOARD_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".switchboard"
        return state + "/telecomcenter"
    }

    public init(
        name: String,
        apiRoot: String = TelecomCenterConfiguration.productionAPIRoot,
        username: String,
        password: String,
        collections: [CDRCollection] = CDRCollection.allCases,
        paths: [CDRCollection: String] = [:],
        pageSize: Int = 100,
        include: [String] = [],
        filters: [String: String] = [:],
        startFrom: String? = nil,
        lateArrivalWindowSeconds: Double = 600,
        pollIntervalSeconds: Double = 30,
        errorBackoffSeconds: Double = 2,
        maximumErrorBackoffSeconds: Double = 300,
        rateLimitBackoffSeconds: Double = 30,
        requestTimeoutSeconds: Double = 30,
        maximumResponseBytes: Int = 16 << 20,
        checkpointDirectory: String? = nil,
        eventSource: String? = nil,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.apiRoot = apiRoot
        self.username = username
        self.password = password
        self.collections = collections
        self.paths = paths
        self.pageSize = pageSize
        self.include = include
        self.filters = filters
        self.startFrom = startFrom
        self.lateArrivalWindowSeconds = lateArrivalWindowSeconds
        self.pollIntervalSeconds = pollIntervalSeconds
        self.errorBackoffSeconds = errorBackoffSeconds
        self.maximumErrorBackoffSeconds = maximumErrorBackoffSeconds
        self.rateLimitBackoffSeconds = rateLimitBackoffSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maximumResponseBytes = maximumResponseBytes
        self.checkpointDirectory = checkpointDirectory ?? Self.defaultCheckpointDirectory()
        self.eventSource = eventSource ?? "switchboard://telecomcenter/\(name)"
        self.retry = retry
    }

    private enum CodingKeys: String, CodingKey {
        case name, apiRoot, username, password, collections, paths, pageSize, include, filters, startFrom, lateArrivalWindowSeconds
        case pollIntervalSeconds, errorBackoffSeconds, maximumErrorBackoffSeconds, rateLimitBackoffSeconds
        case requestTimeoutSeconds, maximumResponseBytes, checkpointDirectory, eventSource, retry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TelecomCenterConfiguration(name: "", username: "", password: "", checkpointDirectory: "", eventSource: "")
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        var paths: [CDRCollection: String] = [:]
        for (key, path) in try value(.paths, [String: String]()) {
            guard let collection = CDRCollection(rawValue: key) else {
                throw DecodingError.dataCorruptedError(forKey: .paths, in: container,
                                                       debugDescription: "unknown collection \(key) (termination, incomingTrunk)")
            }
            paths[collection] = path
        }
        self.init(
            name: try container.decode(String.self, forKey: .name),
            apiRoot: try value(.apiRoot, defaults.apiRoot),
            username: try container.decode(String.self, forKey: .username),
            password: try container.decode(String.self, forKey: .password),
            collections: try value(.collections, defaults.collections),
            paths: paths,
            pageSize: try value(.pageSize, defaults.pageSize),
            include: try value(.include, defaults.include),
            filters: try value(.filters, defaults.filters),
            startFrom: try container.decodeIfPresent(String.self, forKey: .startFrom),
            lateArrivalWindowSeconds: try value(.lateArrivalWindowSeconds, defaults.lateArrivalWindowSeconds),
            pollIntervalSeconds: try value(.pollIntervalSeconds, defaults.pollIntervalSeconds),
            errorBackoffSeconds: try value(.errorBackoffSeconds, defaults.errorBackoffSeconds),
            maximumErrorBackoffSeconds: try value(.maximumErrorBackoffSeconds, defaults.maximumErrorBackoffSeconds),
            rateLimitBackoffSeconds: try value(.rateLimitBackoffSeconds, defaults.rateLimitBackoffSeconds),
            requestTimeoutSeconds: try value(.requestTimeoutSeconds, defaults.requestTimeoutSeconds),
            maximumResponseBytes: try value(.maximumResponseBytes, defaults.maximumResponseBytes),
            checkpointDirectory: try container.decodeIfPresent(String.self, forKey: .checkpointDirectory),
            eventSource: try container.decodeIfPresent(String.self, forKey: .eventSource),
            retry: try value(.retry, defaults.retry)
        )
    }

    /// The resource path of `collection` below `apiRoot`.
    public func path(of collection: CDRCollection) -> String {
        paths[collection] ?? collection.defaultPath
    }

    /// Checks the settings; throws `TC_INVALID_CONFIGURATION` naming every problem.
    public func validate() throws(TelecomCenterError) {
        var problems: [String] = []
        let nameCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty || name.count > 64 || name.unicodeScalars.contains(where: { !nameCharacters.contains($0) }) || name.hasPrefix(".") {
            problems.append("name must be 1-64 letters, digits, '.', '_' or '-' (not starting with '.')")
        }
        if let components = URLComponents(string: apiRoot), let scheme = components.scheme?.lowercased(),
           scheme == "https" || scheme == "http", components.host?.isEmpty == false {
            // The document: "HTTP is not supported in order to ensure data privacy"; plain
            // http is still accepted for local test servers.
        } else {
            problems.append("apiRoot must be an absolute http(s) URL")
        }
        if username.isEmpty { problems.append("username must not be empty") }
        if username.contains(":") { problems.append("username must not contain ':' (Basic authentication joins user and password with it)") }
        if password.isEmpty { problems.append("password must not be empty") }
        if collections.isEmpty { problems.append("collections must name at least one of termination, incomingTrunk") }
        if Set(collections).count != collections.count { problems.append("collections must not repeat a collection") }
        for (collection, path) in paths where path.isEmpty || path.hasPrefix("/") || path.contains("?") {
            problems.append("paths.\(collection.rawValue) must be a relative path without a query")
        }
        if !(1...1000).contains(pageSize) { problems.append("pageSize must be between 1 and 1000") }
        if include.contains(where: { $0.isEmpty || $0.contains(",") }) { problems.append("include entries must be single non-empty relationship paths") }
        if filters.keys.contains(where: { $0.isEmpty || $0 == "time_start_gteq" }) {
            problems.append("filters must not be empty or set time_start_gteq (the checkpoint sets it)")
        }
        if let startFrom, startFrom.isEmpty { problems.append("startFrom must not be empty") }
        if !(0...(7 * 86_400)).contains(lateArrivalWindowSeconds) { problems.append("lateArrivalWindowSeconds must be between 0 and 604800") }
        for (key, seconds) in [("pollIntervalSeconds", pollIntervalSeconds), ("errorBackoffSeconds", errorBackoffSeconds),
                               ("maximumErrorBackoffSeconds", maximumErrorBackoffSeconds), ("rateLimitBackoffSeconds", rateLimitBackoffSeconds),
                               ("requestTimeoutSeconds", requestTimeoutSeconds)]
        where !(seconds > 0 && seconds.isFinite) {
            problems.append("\(key) must be a positive number of seconds")
        }
        if maximumErrorBackoffSeconds < errorBackoffSeconds { problems.append("maximumErrorBackoffSeconds must be at least errorBackoffSeconds") }
        if maximumResponseBytes < 1024 { problems.append("maximumResponseBytes must be at least 1024") }
        if checkpointDirectory.isEmpty { problems.append("checkpointDirectory must not be empty") }
        if eventSource.isEmpty { problems.append("eventSource must not be empty") }
        problems += retry.problems.map { "retry.\($0)" }
        guard problems.isEmpty else {
            throw TelecomCenterError(.invalidConfiguration, "invalid telecom.center configuration (\(name)): " + problems.joined(separator: "; "))
        }
    }

    public var description: String {
        "TelecomCenterConfiguration(name: \(name), apiRoot: \(apiRoot), username: \(username), password: [REDACTED], "
            + "collections: \(collections.map(\.rawValue)), pageSize: \(pageSize), pollIntervalSeconds: \(pollIntervalSeconds), "
            + "checkpointDirectory: \(checkpointDirectory))"
    }
}
