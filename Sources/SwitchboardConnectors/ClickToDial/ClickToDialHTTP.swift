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
        var attempt = 0
        while true {
            attempt += 1
            let retryAfter: Duration?
            do {
                let response = try await exchange.execute(request)
                guard Self.isTransient(response.status, retryable) else {
                    return Response(status: response.status, headers: response.headers, body: response.body, attempts: attempt)
                }
                retryAfter = response.retryAfter
                guard let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
                    return Response(status: response.status, headers: response.headers, body: response.body, attempts: attempt)
                }
                logger.debug("retrying after a transient answer", metadata: [
                    "operation": "\(operation)", "status": "\(response.status)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await sleep(delay, operation: operation, attempts: attempt)
            } catch let failure as HTTPExchange.Failure {
                if case .cancelled = failure {
                    throw ClickToDialError(.cancelled, "cancelled", operation: operation, attempts: attempt)
                }
                guard retryable == .whenIdempotent, !Self.isPermanent(failure),
                      let delay = policy.delay(afterAttempt: attempt) else {
                    throw ClickToDialError(.transportFailed, failure.description, operation: operation, attempts: attempt)
                }
                logger.debug("retrying after a transport failure", metadata: [
                    "operation": "\(operation)", "failure": "\(failure)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await sleep(delay, operation: operation, attempts: attempt)
            } catch let error as ClickToDialError {
                throw error
            } catch {
                throw ClickToDialError(.transportFailed, String(describing: error), operation: operation, attempts: attempt)
            }
        }
    }

    private func sleep(_ delay: Duration, operation: String, attempts: Int) async throws(ClickToDialError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw ClickToDialError(.cancelled, "cancelled while waiting to retry", operation: operation, attempts: attempts)
        }
    }

    /// 429 and the 5xx that mean "try again" (not 501 Not Implemented or 505).
    static func isTransient(_ status: Int, _ retryable: Retryable) -> Bool {
        switch retryable {
        case .onlyWhenRefused: return status == 429
        case .whenIdempotent: return status == 429 || status == 408 || ((500...599).contains(status) && status != 501 && status != 505)
        }
    }

    private static func isPermanent(_ failure: HTTPExchange.Failure) -> Bool {
        if case .responseTooLarge = failure { return true }
        return false
    }
}
