import Foundation

/// Caches the websocket auth token and renews it before it expires: a cached token is handed out
/// only while more than the refresh margin (at most half its lifetime) is left, so a connection
/// opened with it never starts on a token about to lapse. Concurrent callers share one request.
public actor AntBuddyTokenProvider {
    private let client: AntBuddyClient
    private var cached: (token: AntBuddyToken, refreshAt: Date)?
    private var pending: Task<AntBuddyToken, any Error>?
    /// Tokens fetched so far (the first included), for the status page and tests.
    public private(set) var issued = 0

    public init(client: AntBuddyClient) {
        self.client = client
    }

    /// A token with enough life left, fetched when the cached one is due for renewal.
    public func token() async throws(AntBuddyError) -> AntBuddyToken {
        let now = client.currentDate
        if let cached, now < cached.refreshAt { return cached.token }
        let task: Task<AntBuddyToken, any Error>
        if let pending {
            task = pending
        } else {
            task = Task { [client] in try await client.authToken() }
            pending = task
        }
        do {
            let token = try await task.value
            if pending == task {
                pending = nil
                issued += 1
                let lifetime = token.expiresAt.timeIntervalSince(now)
                let margin = min(client.configuration.tokenRefreshMarginSeconds, max(lifetime, 0) / 2)
                cached = (token, token.expiresAt.addingTimeInterval(-margin))
            }
            return token
        } catch let error as AntBuddyError {
            if pending == task { pending = nil }
            throw error
        } catch {
            if pending == task { pending = nil }
            throw AntBuddyError(.cancelled, "cancelled while fetching the auth token", operation: "POST /oapi/v1/voice/auth_token")
        }
    }

    /// Forgets the cached token (the stream refused it), so the next call fetches a new one.
    public func invalidate() {
        cached = nil
    }
}
