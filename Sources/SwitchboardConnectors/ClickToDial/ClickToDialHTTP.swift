import Logging
import NIOHTTP1

/// Sends Click-to-Dial requests with the connector's retry rules (the shared `RetryingHTTP` loop).
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

    typealias Response = RetryingHTTP.Response

    let exchange: HTTPExchange
    let policy: RetryPolicy
    let logger: Logger

    func send(operation: String, method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]? = nil,
              retryable: Retryable, timeout: Double, maximumResponseBytes: Int = 1 << 20) async throws(ClickToDialError) -> Response {
        let request = HTTPExchange.Request(method: method, url: url, headers: headers, body: body,
                                           timeout: .milliseconds(Int64(timeout * 1000)), maximumResponseBytes: maximumResponseBytes)
        let http = RetryingHTTP(exchange: exchange, policy: policy, logger: logger)
        do throws(RetryingHTTP.Failure) {
            return try await http.send(operation: operation, request, retryable: retryable == .whenIdempotent ? .whenIdempotent : .onlyWhenRefused)
        } catch {
            if error.isCancelled { throw ClickToDialError(.cancelled, "cancelled", operation: operation, attempts: error.attempts) }
            throw ClickToDialError(.transportFailed, error.failure.description, operation: operation, attempts: error.attempts)
        }
    }
}
