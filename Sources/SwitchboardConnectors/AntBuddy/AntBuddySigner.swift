import SwitchboardNormalizers

/// The PBX's request signatures, exactly as its open API document defines them: the lower-case
/// hex SHA-256 of the plain concatenation of the parts, the app secret last.
///
/// - headers: `x-auth-app-id: appId`, `x-auth-app-hash: sha256(appId + appSecret)`;
/// - history: `hash = sha256(appId + created_from + created_to + limit + page + appSecret)`, the
///   values exactly as they are sent in the query (before percent-encoding);
/// - recordings: `hash = sha256(appId + media + appSecret)`.
public struct AntBuddySigner: Sendable {
    public let appId: String
    private let appSecret: String

    public init(appId: String, appSecret: String) {
        self.appId = appId
        self.appSecret = appSecret
    }

    /// `sha256(appId + parts… + appSecret)`, lower-case hex.
    public func hash(_ parts: String...) -> String {
        SHA256.hex(appId + parts.joined() + appSecret)
    }

    /// The two authentication headers of every `/oapi/v1` request that is not signed in the query.
    public var headers: [(name: String, value: String)] {
        [("x-auth-app-id", appId), ("x-auth-app-hash", hash())]
    }

    /// The query of one `GET /oapi/v1/call/histories` page, in the document's order.
    public func historyQuery(createdFrom: String, createdTo: String, limit: Int, page: Int) -> [(name: String, value: String)] {
        [
            ("appId", appId), ("created_from", createdFrom), ("created_to", createdTo), ("limit", String(limit)), ("page", String(page)),
            ("hash", hash(createdFrom, createdTo, String(limit), String(page))),
        ]
    }

    /// The query of `GET /oapi/v1/call/play_recording` for one recording file.
    public func recordingQuery(media: String) -> [(name: String, value: String)] {
        [("appId", appId), ("media", media), ("hash", hash(media))]
    }
}
