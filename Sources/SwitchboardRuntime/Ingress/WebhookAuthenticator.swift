import Foundation
import Hummingbird
import Synchronization
import SwitchboardEvents

/// Checks the bearer token of a webhook request: the route's static tokens, or a per-call sink
/// credential that Switchboard issued when it created the call (CAMARA `sinkCredential`).
///
/// The token is read from `Authorization: Bearer …` or, as the CloudEvents webhook spec allows,
/// the `access_token` query parameter. Static tokens are compared in constant time.
public final class WebhookAuthenticator: Sendable {
    private let staticTokens: [[UInt8]]
    public let credentials: SinkCredentialStore

    /// - Parameters:
    ///   - staticTokens: accepted bearer tokens; empty strings are ignored.
    ///   - credentials: per-call tokens issued by connectors.
    public init(staticTokens: [String], credentials: SinkCredentialStore) {
        self.staticTokens = staticTokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
        self.credentials = credentials
    }

    /// Throws the problem to answer when the request is not authenticated.
    public func authenticate(headers: HTTPFields, query: String?) throws(WebhookProblem) {
        guard let token = Self.token(headers: headers, query: query) else {
            throw WebhookProblem(.unauthenticated, "send the webhook token as Authorization: Bearer <token> or the access_token query parameter")
        }
        var presented = token
        var matched = false
        presented.withUTF8 { presented in
            for candidate in staticTokens where candidate.withUnsafeBufferPointer({ Self.constantTimeEquals($0, presented) }) {
                matched = true
            }
        }
        if matched { return }
        switch credentials.check(token) {
        case .valid: return
        case .expired: throw WebhookProblem(.tokenExpired, "the sink credential has expired")
        case .unknown: throw WebhookProblem(.forbidden, "the token is not valid for this webhook")
        }
    }

    static func token(headers: HTTPFields, query: String?) -> String? {
        if let authorization = HeaderText.value(.authorization, in: headers) {
            // Scheme and credentials split at the first space, without an array of the parts.
            guard let space = authorization.firstIndex(of: " "),
                  ASCIIText.equalsIgnoringCase(authorization[..<space], "bearer")
            else { return nil }
            let token = ASCIIText.trimmed(authorization[authorization.index(after: space)...])
            return token.isEmpty ? nil : String(token)
        }
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            if keyValue.count == 2, keyValue[0] == "access_token" {
                return String(keyValue[1]).removingPercentEncoding
            }
        }
        return nil
    }

    /// Equal-length comparison that touches every byte, so timing does not reveal a prefix.
    static func constantTimeEquals(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        let count = max(lhs.count, rhs.count)
        for index in 0..<count {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && lhs.count == rhs.count
    }
}

/// Per-call bearer tokens with an expiry, issued when Switchboard creates a call whose status
/// webhooks must authenticate (CAMARA `sinkCredential`). In memory, per instance, bounded.
public final class SinkCredentialStore: Sendable {
    public enum Check: Sendable, Hashable {
        case valid
        case expired
        case unknown
    }

    /// A token handed to a platform.
    public struct Credential: Sendable, Hashable {
        public let token: String
        public let expiresAt: Date
    }

    private struct State {
        var expiryByToken: [String: Date] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - capacity: the most live tokens kept; the oldest-expiring are dropped beyond it.
    ///   - now: the clock (injectable for tests).
    public init(capacity: Int = 100_000, now: @escaping @Sendable () -> Date = Date.init) {
        self.capacity = capacity
        self.now = now
    }

    /// Issues a random 256-bit token valid for `lifetime` seconds.
    public func issue(lifetime: TimeInterval) -> Credential {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let credential = Credential(token: token, expiresAt: now().addingTimeInterval(lifetime))
        let current = now()
        state.withLock { state in
            if state.expiryByToken.count >= capacity {
                state.expiryByToken = state.expiryByToken.filter { $0.value > current }
                if state.expiryByToken.count >= capacity, let oldest = state.expiryByToken.min(by: { $0.value < $1.value }) {
                    state.expiryByToken.removeValue(forKey: oldest.key)
                }
            }
            state.expiryByToken[credential.token] = credential.expiresAt
        }
        return credential
    }

    public func check(_ token: String) -> Check {
        guard let expiry = state.withLock({ $0.expiryByToken[token] }) else { return .unknown }
        return expiry > now() ? .valid : .expired
    }

    public func revoke(_ token: String) {
        _ = state.withLock { $0.expiryByToken.removeValue(forKey: token) }
    }
}
