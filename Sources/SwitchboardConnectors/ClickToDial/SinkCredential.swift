import Foundation

/// A per-call bearer token the provider presents on status notifications (CAMARA
/// `sinkCredential`, type `ACCESSTOKEN`), and when it stops being accepted.
public struct SinkCredential: Sendable, Hashable, CustomStringConvertible {
    public var token: String
    public var expiresAt: Date

    public init(token: String, expiresAt: Date) {
        self.token = token
        self.expiresAt = expiresAt
    }

    public var description: String { "SinkCredential(token: [REDACTED], expiresAt: \(expiresAt))" }
}

/// Issues a sink credential valid for the given number of seconds and makes the webhook accept it.
///
/// The runtime passes its `SinkCredentialStore.issue(lifetime:)`; taking a closure keeps this module
/// free of the runtime.
public typealias SinkCredentialIssuer = @Sendable (_ lifetimeSeconds: Double) async throws -> SinkCredential
