import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request and its fully read answer over AsyncHTTPClient, with failures reduced to what
/// a retry decision needs.
struct HTTPExchange: Sendable {
    struct Request: Sendable {
        var method: HTTPMethod
        var url: String
        var headers: HTTPHeaders
        var body: [UInt8]?
        var timeout: Duration
        /// Bodies beyond this are refused rather than buffered.
        var maximumResponseBytes: Int
    }

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The wait the server asked for (see `RetryAfter.requested(status:headers:)`).
        var retryAfter: Duration? { RetryAfter.requested(status: status, headers: headers) }
    }

    /// Why no answer was read. The message names no header or body content, so it can never
    /// carry a credential.
    enum Failure: Error, Sendable {
        case transport(String)
        case timeout
        case responseTooLarge(Int)
        case cancelled
    }

    let client: HTTPClient

    func execute(_ request: Request) async throws(Failure) -> Response {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let timeout = TimeAmount.nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let buffer = try await response.body.collect(upTo: request.maximumResponseBytes)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch is CancellationError {
            throw .cancelled
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: throw .timeout
            case .cancelled: throw .cancelled
            default: throw .transport(String(describing: error))
            }
        } catch is NIOTooManyBytesError {
            throw .responseTooLarge(request.maximumResponseBytes)
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .transport(String(describing: error))
        }
    }
}

extension HTTPExchange.Failure: CustomStringConvertible {
    var description: String {
        switch self {
        case .transport(let reason): return "transport failure: \(reason)"
        case .timeout: return "timed out"
        case .responseTooLarge(let limit): return "the answer exceeds \(limit) bytes"
        case .cancelled: return "cancelled"
        }
    }
}
