import Logging
import NIOHTTP1

/// Sends Click-to-Dial requests with the connector's retry rules.
///
/// The answer of the last attempt is returned whatever its status; the caller turns non-2xx
/// answers into typed errors. Only failures that produced no answer at all are thrown here.
struct ClickToDialHTTP: Sendable {
    /// Which failures may be retried for a request.
    enum Retryable: Sendable {
        /// GET, DELETE and the token request: repeating them cannot do anything twice, so 5xx,
        /// 429 and transport failures are retried.
        case whenIdempotent
        /// `POST /calls`: only a 429, where the provider says it did not process the request. A
        /// 5xx or a lost answer is ambiguous (the call may already be ringing) and is not repeated.
        case onlyWhenRefused
    }

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var attempts: Int
    }

    let exchange: HTTPExchange
    let policy: RetryPolicy
    let logger: Logger

    func send(operation: String, method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]? = nil,
              retryable: Retryable, timeout: Double, maximumResponseBytes: Int = 1 << 20) async throws(ClickToDialError) -> Response {
        let request = HTTPExchange.Request(method: method, url: url, headers: headers, body: body,
                                           timeout: .milliseconds(Int64(timeout * 1000)), maximumResponseBytes: maximumResponseBytes)
        let retrying = RetryingExchange(exchange: exchange, policy: policy, logger: logger)
        do {
            let outcome = try await retrying.send(request, operation: operation, isTransient: { Self.isTransient($0, retryable) },
                                                  retryTransportFailures: retryable == .whenIdempotent)
            let response = outcome.response
            return Response(status: response.status, headers: response.headers, body: response.body, attempts: outcome.attempts)
        } catch {
            switch error {
            case .cancelled(let attempts):
                throw ClickToDialError(.cancelled, "cancelled", operation: operation, attempts: attempts)
            case .transport(let failure, let attempts):
                throw ClickToDialError(.transportFailed, failure.description, operation: operation, attempts: attempts)
            }
        }
    }

    /// 429 and the 5xx that mean "try again" (not 501 Not Implemented or 505).
    static func isTransient(_ status: Int, _ retryable: Retryable) -> Bool {
        switch retryable {
        case .onlyWhenRefused: return status == 429
        case .whenIdempotent: return RetryingExchange.isTransientForIdempotentRequest(status)
        }
    }
}
