import Logging
import NIOHTTP1

/// Sends one platform request with a connector's retry rules: transient answers (429, 408, the
/// 5xx that mean "try again") and, for requests that are safe to repeat, transport failures are
/// retried with the `RetryPolicy`'s backoff and the server's `Retry-After`.
///
/// The answer of the last attempt is returned whatever its status, so the connector turns a
/// non-2xx answer into its own typed error; only failures that produced no answer are thrown.
struct RetryingHTTP: Sendable {
    /// Which failures may be retried for a request.
    enum Retryable: Sendable {
        /// Repeating the request cannot do anything twice (GET, token requests): transient
        /// statuses and transport failures are retried.
        case whenIdempotent
        /// Transient statuses are retried (the server said it did not complete the request), a lost
        /// answer is not (it may have been carried out).
        case onTransientStatus
        /// Only a 429, where the server says it did not process the request.
        case onlyWhenRefused
    }

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var attempts: Int

        /// The wait the server asked for (see `RetryAfter.requested(status:headers:)`).
        var retryAfter: Duration? { RetryAfter.requested(status: status, headers: headers) }
    }

    /// No answer was read; `attempts` says how many were made.
    struct Failure: Error, Sendable {
        var failure: HTTPExchange.Failure
        var attempts: Int
        /// `true` when the task was cancelled (while sending or waiting to retry).
        var isCancelled: Bool {
            if case .cancelled = failure { return true }
            return false
        }
    }

    let exchange: HTTPExchange
    let policy: RetryPolicy
    let logger: Logger

    func send(operation: String, _ request: HTTPExchange.Request, retryable: Retryable) async throws(Failure) -> Response {
        var attempt = 0
        while true {
            attempt += 1
            let delay: Duration
            do throws(HTTPExchange.Failure) {
                let response = try await exchange.execute(request)
                guard Self.isTransient(response.status, retryable),
                      let wait = policy.delay(afterAttempt: attempt, retryAfter: response.retryAfter) else {
                    return Response(status: response.status, headers: response.headers, body: response.body, attempts: attempt)
                }
                logger.debug("retrying after a transient answer", metadata: [
                    "operation": "\(operation)", "status": "\(response.status)", "attempt": "\(attempt)", "delay": "\(wait)",
                ])
                delay = wait
            } catch {
                guard case .whenIdempotent = retryable, !Self.isPermanent(error),
                      let wait = policy.delay(afterAttempt: attempt) else {
                    throw Failure(failure: error, attempts: attempt)
                }
                logger.debug("retrying after a transport failure", metadata: [
                    "operation": "\(operation)", "failure": "\(error)", "attempt": "\(attempt)", "delay": "\(wait)",
                ])
                delay = wait
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw Failure(failure: .cancelled, attempts: attempt)
            }
        }
    }

    /// 429, 408 and the 5xx that mean "try again" (not 501 Not Implemented or 505).
    static func isTransient(_ status: Int, _ retryable: Retryable) -> Bool {
        switch retryable {
        case .onlyWhenRefused: return status == 429
        case .whenIdempotent, .onTransientStatus:
            return status == 429 || status == 408 || ((500...599).contains(status) && status != 501 && status != 505)
        }
    }

    private static func isPermanent(_ failure: HTTPExchange.Failure) -> Bool {
        switch failure {
        case .responseTooLarge, .cancelled: return true
        case .transport, .timeout: return false
        }
    }
}
