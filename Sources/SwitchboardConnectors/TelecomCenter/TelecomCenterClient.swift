import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import SwitchboardEvents

/// A JSON:API client of the telecom.center Operator API, for reading collections page by page.
///
/// Every request carries `Authorization: Basic base64(username:password)` and both
/// `Content-Type` and `Accept` set to `application/vnd.api+json` with no media-type parameters —
/// the document's server answers 415 or 406 otherwise. All requests are `GET`s, so 429, 408, 5xx
/// and transport failures are retried under `configuration.retry` (backoff with jitter, or the
/// server's `Retry-After`); other 4xx are not retried and come back as a `TelecomCenterError`
/// that explains them (400, 406, 415 by name) with the server's JSON:API `errors` decoded.
public final class TelecomCenterClient: Sendable {
    /// The JSON:API media type, sent with no parameters.
    public static let mediaType = "application/vnd.api+json"

    public let configuration: TelecomCenterConfiguration
    private let retrying: RetryingHTTP
    private let authorization: String
    private let root: String
    private let logger: Logger

    /// - Parameter httpClient: the client to send with; the shared one by default. Its lifetime is the caller's.
    public init(configuration: TelecomCenterConfiguration, httpClient: HTTPClient = .shared,
                logger: Logger = Logger(label: "switchboard.telecomcenter")) throws(TelecomCenterError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        retrying = RetryingHTTP(exchange: HTTPExchange(client: httpClient), policy: configuration.retry, logger: logger)
        authorization = "Basic " + Data("\(configuration.username):\(configuration.password)".utf8).base64EncodedString()
        var root = configuration.apiRoot
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// `GET <apiRoot>/<path>?<query>`: the first requested page of a collection.
    public func collection(_ path: String, query: JSONAPIQuery) async throws(TelecomCenterError) -> JSONAPIDocument {
        let encoded = query.encoded
        return try await get(root + "/" + path + (encoded.isEmpty ? "" : "?" + encoded), operation: "GET /\(path)")
    }

    /// Follows a pagination link (`links.next`) of a page of `path`. A relative link is resolved
    /// against `apiRoot`; a link to another host is refused, so the credentials are never sent
    /// anywhere but the configured API.
    public func follow(_ link: String, of path: String) async throws(TelecomCenterError) -> JSONAPIDocument {
        let operation = "GET /\(path)"
        guard let base = URL(string: root + "/"), let url = URL(string: link, relativeTo: base)?.absoluteURL,
              url.scheme?.lowercased() == base.scheme?.lowercased(), url.host?.lowercased() == base.host?.lowercased(),
              url.port == base.port else {
            throw TelecomCenterError(.invalidResponse, "links.next points outside apiRoot: \(String(link.prefix(200)))", operation: operation)
        }
        return try await get(url.absoluteString, operation: operation)
    }

    private func get(_ url: String, operation: String) async throws(TelecomCenterError) -> JSONAPIDocument {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: authorization)
        headers.add(name: "Accept", value: Self.mediaType)
        headers.add(name: "Content-Type", value: Self.mediaType)
        let request = HTTPExchange.Request(method: .GET, url: url, headers: headers, body: nil,
                                           timeout: .milliseconds(Int64(configuration.requestTimeoutSeconds * 1000)),
                                           maximumResponseBytes: configuration.maximumResponseBytes)
        let response: RetryingHTTP.Response
        do throws(RetryingHTTP.Failure) {
            response = try await retrying.send(operation: operation, request, retryable: .whenIdempotent)
        } catch {
            if error.isCancelled {
                throw TelecomCenterError(.cancelled, "cancelled", operation: operation, attempts: error.attempts)
            }
            throw TelecomCenterError(.transportFailed, redacting("\(error)"), operation: operation, attempts: error.attempts)
        }
        guard (200...299).contains(response.status) else {
            throw refusal(response, operation: operation, url: url, attempts: response.attempts)
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: configuration.maximumResponseBytes, maximumDepth: 32))
        } catch {
            throw TelecomCenterError(.invalidResponse, "the answer is not JSON: \(error)", operation: operation, httpStatus: response.status,
                                     attempts: response.attempts)
        }
        do {
            return try JSONAPIDocument(json: json)
        } catch {
            throw TelecomCenterError(.invalidResponse, error.message, operation: operation, httpStatus: response.status, attempts: response.attempts)
        }
    }

    /// The typed error of a non-2xx answer, explaining what the document says the status means.
    private func refusal(_ response: RetryingHTTP.Response, operation: String, url: String, attempts: Int) -> TelecomCenterError {
        let apiErrors = JSONAPIErrorObject.decode(response.body).map(redacting)
        let query = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...]).removingPercentEncoding ?? "" } ?? ""
        let code: TelecomCenterError.Code
        let message: String
        switch response.status {
        case 401, 403:
            code = .authenticationFailed
            message = "the Basic-auth credentials of user \(configuration.username) were refused"
        case 400:
            code = .badRequest
            message = "the server refused the query \(query.isEmpty ? "(none)" : query): an unsupported filter, sort or include answers 400"
        case 406:
            code = .notAcceptable
            message = "the server found no \(Self.mediaType) without media-type parameters in Accept (a proxy may have rewritten the header)"
        case 415:
            code = .unsupportedMediaType
            message = "the server refused Content-Type: it must be \(Self.mediaType) with no media-type parameters (a proxy may have added one)"
        case 429:
            code = .rateLimited
            message = "rate limited"
        case 500...599:
            code = .unavailable
            message = "the server failed"
        default:
            code = .rejected
            message = response.status == 404 ? "no such resource (check apiRoot and paths)" : "the request was refused"
        }
        return TelecomCenterError(code, message, operation: operation, httpStatus: response.status, apiErrors: apiErrors,
                                  retryAfter: response.retryAfter, attempts: attempts)
    }

    /// Removes the password and the encoded credentials from text a server or a library produced.
    private func redacting(_ text: String) -> String {
        var text = text
        for secret in [configuration.password, String(authorization.dropFirst("Basic ".count))] where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "[REDACTED]")
        }
        return text
    }

    private func redacting(_ error: JSONAPIErrorObject) -> JSONAPIErrorObject {
        var error = error
        error.title = error.title.map(redacting)
        error.detail = error.detail.map(redacting)
        error.code = error.code.map(redacting)
        return error
    }
}
