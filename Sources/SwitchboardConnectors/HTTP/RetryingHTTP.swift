import Logging
import NIOHTTP1

/// Sends one platform request with a connector's retry rules: backoff with jitter, the server's
/// `Retry-After`, and only for failures the request's `Retryable` allows. Shared by the
/// connectors; each maps `Failure` and non-2xx answers to its own typed error.
///
/// The answer of the last attempt is returned whatever its status; the caller turns non-2xx
/// answers into typed errors. Only failures that produced no answer at all are thrown here.
struct RetryingHTTP: Sendable {
    /// Which failures may be retried for a request.
    enum Retryable: Sendable {
        /// GET, DELETE and token requests: repeating them cannot do anything twice, so 5xx,
        /// 408, 429 and transport failures are retried.
        case whenIdempotent
        /// Transient statuses are retried (the server said it did not complete the request), a
        /// lost answer is not (it may have been carried out).
        case onTransientStatus
        /// Requests that create something (a call): only a 429, where the provider says it did
        /// not process the request. A 5xx or a lost answer is ambiguous (the call may already be
        /// ringing) and is not repeated.
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

    /// Why no answer was obtained. Messages name no header or body content.
    enum Failure: Error, Sendable {
        case cancelled(attempts: Int)
        case transport(String, attempts: Int)
        /// `beforeAttempt` refused to let the request go (a rate-limit window closed for too long).
        case aborted(any Error, attempts: Int)

        /// Attempts made before giving up.
        var attempts: Int {
            switch self {
            case .cancelled(let attempts), .transport(_, let attempts), .aborted(_, let attempts): return attempts
            }
        }

        var isCancelled: Bool {
            if case .cancelled = self { return true }
            return false
        }
    }

    let exchange: HTTPExchange
    let policy: RetryPolicy
    let logger: Logger
    /// Awaited before every attempt: a rate limiter waits here for its window to reopen. A
    /// `CancellationError` ends the request as cancelled, any other error as `aborted`.
    var beforeAttempt: @Sendable () async throws -> Void = {}
    /// Sees every answer, retried or not: a rate limiter reads its headers here.
    var observe: @Sendable (HTTPExchange.Response) -> Void = { _ in }

    func send(operation: String, method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]? = nil,
              retryable: Retryable, timeout: Double, maximumResponseBytes: Int = 1 << 20) async throws(Failure) -> Response {
        let request = HTTPExchange.Request(method: method, url: url, headers: headers, body: body,
                                           timeout: .milliseconds(Int64(timeout * 1000)), maximumResponseBytes: maximumResponseBytes)
        return try await send(operation: operation, request, retryable: retryable)
    }

    func send(operation: String, _ request: HTTPExchange.Request, retryable: Retryable) async throws(Failure) -> Response {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await beforeAttempt()
            } catch is CancellationError {
                throw .cancelled(attempts: attempt - 1)
            } catch {
                throw .aborted(error, attempts: attempt - 1)
            }
            do {
                let response = try await exchange.execute(request)
                observe(response)
                let answer = Response(status: response.status, headers: response.headers, body: response.body, attempts: attempt)
                guard Self.isTransient(response.status, retryable),
                      let delay = policy.delay(afterAttempt: attempt, retryAfter: response.retryAfter) else {
                    return answer
                }
                logger.debug("retrying after a transient answer", metadata: [
                    "operation": "\(operation)", "status": "\(response.status)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await sleep(delay, attempts: attempt)
            } catch let failure as HTTPExchange.Failure {
                if case .cancelled = failure { throw .cancelled(attempts: attempt) }
                guard retryable == .whenIdempotent, !Self.isPermanent(failure),
                      let delay = policy.delay(afterAttempt: attempt) else {
                    throw .transport(failure.description, attempts: attempt)
                }
                logger.debug("retrying after a transport failure", metadata: [
                    "operation": "\(operation)", "failure": "\(failure)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await sleep(delay, attempts: attempt)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw .transport(String(describing: error), attempts: attempt)
            }
        }
    }

    private func sleep(_ delay: Duration, attempts: Int) async throws(Failure) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw .cancelled(attempts: attempts)
        }
    }

    /// 429, 408 and the 5xx that mean "try again" (not 501 Not Implemented or 505).
    static func isTransient(_ status: Int, _ retryable: Retryable) -> Bool {
        switch retryable {
        case .onlyWhenRefused: return status == 429
        case .whenIdempotent, .onTransientStatus: return status == 429 || status == 408 || ((500...599).contains(status) && status != 501 && status != 505)
        }
    }

    private static func isPermanent(_ failure: HTTPExchange.Failure) -> Bool {
        if case .responseTooLarge = failure { return true }
        return false
    }
}
