import Logging
import NIOHTTP1

/// Sends one request with a `RetryPolicy`: transient answers (the caller says which statuses
/// are transient for the request) and, when allowed, transport failures are repeated after the
/// policy's backoff or the server's `Retry-After`.
///
/// The answer of the last attempt is returned whatever its status, so each connector turns
/// non-2xx answers into its own typed error; only failures that produced no answer are thrown.
struct RetryingExchange: Sendable {
    /// The last answer and how many attempts it took.
    struct Outcome: Sendable {
        var response: HTTPExchange.Response
        var attempts: Int
    }

    /// Why no answer could be returned.
    enum Failure: Error, Sendable {
        /// No answer after the retries (or a failure not worth retrying); the message carries no credential.
        case transport(HTTPExchange.Failure, attempts: Int)
        /// The task was cancelled during the request or a retry wait.
        case cancelled(attempts: Int)
    }

    let exchange: HTTPExchange
    let policy: RetryPolicy
    let logger: Logger

    /// - Parameters:
    ///   - isTransient: whether an answer with this status should be repeated.
    ///   - retryTransportFailures: whether a request that got no answer may be repeated (only
    ///     when repeating it cannot do anything twice).
    func send(_ request: HTTPExchange.Request, operation: String, isTransient: (Int) -> Bool,
              retryTransportFailures: Bool) async throws(Failure) -> Outcome {
        var attempt = 0
        while true {
            attempt += 1
            let delay: Duration
            do {
                let response = try await exchange.execute(request)
                guard isTransient(response.status),
                      let wait = policy.delay(afterAttempt: attempt, retryAfter: response.retryAfter) else {
                    return Outcome(response: response, attempts: attempt)
                }
                logger.debug("retrying after a transient answer", metadata: [
                    "operation": "\(operation)", "status": "\(response.status)", "attempt": "\(attempt)", "delay": "\(wait)",
                ])
                delay = wait
            } catch {
                if case .cancelled = error { throw .cancelled(attempts: attempt) }
                guard retryTransportFailures, !Self.isPermanent(error), let wait = policy.delay(afterAttempt: attempt) else {
                    throw .transport(error, attempts: attempt)
                }
                logger.debug("retrying after a transport failure", metadata: [
                    "operation": "\(operation)", "failure": "\(error)", "attempt": "\(attempt)", "delay": "\(wait)",
                ])
                delay = wait
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw .cancelled(attempts: attempt)
            }
        }
    }

    /// An answer too large to read will be as large next time.
    private static func isPermanent(_ failure: HTTPExchange.Failure) -> Bool {
        if case .responseTooLarge = failure { return true }
        return false
    }

    /// 429, 408 and the 5xx that mean "try again" (not 501 Not Implemented or 505): what a
    /// request that is safe to repeat retries.
    static func isTransientForIdempotentRequest(_ status: Int) -> Bool {
        status == 429 || status == 408 || ((500...599).contains(status) && status != 501 && status != 505)
    }
}
