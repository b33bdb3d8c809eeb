import Foundation
import Logging
import NIOHTTP1
import SwitchboardEvents

/// OAuth2 client-credentials access tokens for the Click-to-Dial API: fetched on first use,
/// cached, renewed shortly before they expire, and renewed at once when the API says 401.
///
/// Concurrent callers share one token request, so a burst of actions after expiry costs a single
/// round trip to the token endpoint.
actor ClickToDialTokenProvider {
    private struct Token {
        var value: String
        /// After this moment the token is renewed before use.
        var renewAt: Date
    }

    private let configuration: ClickToDialConfiguration
    private let http: ClickToDialHTTP
    private let now: @Sendable () -> Date
    private var current: Token?
    private var pending: Task<Token, any Error>?

    init(configuration: ClickToDialConfiguration, http: ClickToDialHTTP, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.http = http
        self.now = now
    }

    /// A token valid now: the cached one, or a fresh one.
    func token() async throws(ClickToDialError) -> String {
        if let current, now() < current.renewAt { return current.value }
        let task: Task<Token, any Error>
        if let pending {
            task = pending
        } else {
            task = Task { [configuration, http, now] in try await Self.fetch(configuration: configuration, http: http, now: now) }
            pending = task
        }
        do {
            let token = try await task.value
            if pending == task {
                pending = nil
                current = token
            }
            return token.value
        } catch let error as ClickToDialError {
            if pending == task { pending = nil }
            throw error
        } catch {
            if pending == task { pending = nil }
            throw ClickToDialError(.cancelled, "cancelled while fetching an access token", operation: "POST token")
        }
    }

    /// Forgets `token` after the API refused it, unless a newer token already replaced it.
    func invalidate(_ token: String) {
        if current?.value == token { current = nil }
    }

    private static func fetch(configuration: ClickToDialConfiguration, http: ClickToDialHTTP, now: @Sendable () -> Date) async throws(ClickToDialError) -> Token {
        var form = [("grant_type", "client_credentials"), ("client_id", configuration.clientId), ("client_secret", configuration.clientSecret)]
        if let scope = configuration.scope, !scope.isEmpty { form.append(("scope", scope)) }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Accept", value: "application/json")
        let requestedAt = now()
        let response = try await http.send(
            operation: "POST token", method: .POST, url: configuration.tokenURL, headers: headers,
            body: Array(FormEncoding.encode(form).utf8), retryable: .whenIdempotent, timeout: configuration.requestTimeoutSeconds
        )
        guard (200..<300).contains(response.status) else {
            let body = try? JSONValue.parse(response.body)
            // OAuth2 says `error` / `error_description`; some gateways answer in the CAMARA shape.
            let oauthError = body?["error"]?.stringValue ?? body?["code"]?.stringValue
            let description = body?["error_description"]?.stringValue ?? body?["message"]?.stringValue
                ?? "the token endpoint refused the client credentials"
            let code: ClickToDialError.Code = response.status == 429 || response.status >= 500 ? .unavailable : .authenticationFailed
            throw ClickToDialError(code, configuration.redacting(description), operation: "POST token",
                                   httpStatus: response.status, apiCode: oauthError, attempts: response.attempts)
        }
        guard let body = try? JSONValue.parse(response.body), let value = body["access_token"]?.stringValue, !value.isEmpty else {
            throw ClickToDialError(.authenticationFailed, "the token response has no access_token", operation: "POST token", httpStatus: response.status)
        }
        if let type = body["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw ClickToDialError(.authenticationFailed, "the token type is \(type), expected bearer", operation: "POST token", httpStatus: response.status)
        }
        // Without expires_in the token is used until the API refuses it (401 renews it).
        let lifetime = body["expires_in"]?.doubleValue ?? .infinity
        let margin = min(configuration.tokenRefreshMarginSeconds, lifetime / 2)
        let renewAt = lifetime.isFinite ? requestedAt.addingTimeInterval(lifetime - margin) : .distantFuture
        return Token(value: value, renewAt: renewAt)
    }
}
