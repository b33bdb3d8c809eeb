import Logging
import NIOHTTP1

/// Sends Click-to-Dial requests with the connector's retry rules (`RetryingHTTP`), failures as
/// `ClickToDialError`.
struct ClickToDialHTTP: Sendable {
    typealias Retryable = RetryingHTTP.Retryable
    typealias Response = RetryingHTTP.Response

    private let http: RetryingHTTP

    init(exchange: HTTPExchange, policy: RetryPolicy, logger: Logger) {
        http = RetryingHTTP(exchange: exchange, policy: policy, logger: logger)
    }

    func send(operation: String, method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]? = nil,
              retryable: Retryable, timeout: Double, maximumResponseBytes: Int = 1 << 20) async throws(ClickToDialError) -> Response {
        do {
            return try await http.send(operation: operation, method: method, url: url, headers: headers, body: body, retryable: retryable,
                                       timeout: timeout, maximumResponseBytes: maximumResponseBytes)
        } catch {
            switch error {
            case .cancelled(let attempts):
                throw ClickToDialError(.cancelled, "cancelled", operation: operation, attempts: attempts)
            case .transport(let reason, let attempts):
                throw ClickToDialError(.transportFailed, reason, operation: operation, attempts: attempts)
            case .aborted(let reason, let attempts):
                throw ClickToDialError(.transportFailed, "\(reason)", operation: operation, attempts: attempts)
            }
        }
    }
}
