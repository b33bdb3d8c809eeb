import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection that writes bytes exactly as given and reads answers as they come: for
/// what HTTP client libraries will not do (pipelined requests, hand-written chunked bodies).
/// Blocking, with a receive timeout; each call is short.
final class RawHTTPConnection {
    struct Answer {
        let status: Int
        /// Header names lower-cased.
        let headers: [String: String]
        let body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int, timeoutSeconds: Int = 15) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw Failure(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    deinit { Glibc.close(socket) }

    /// Writes `text` (requests use CRLF line ends) in one `send`.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += result
        }
    }

    /// Reads the next complete answer (Content-Length or chunked body; none for 204).
    /// `bodyless`: the answer to a HEAD request, whose framing headers describe a body that
    /// is not sent (RFC 9110 §9.3.2).
    func readAnswer(bodyless: Bool = false) throws -> Answer {
        while true {
            if let answer = try parseAnswer(bodyless: bodyless) { return answer }
            guard try fill() else { throw Failure(description: "the connection closed before a complete answer; got \(String(decoding: buffer, as: UTF8.self).debugDescription)") }
        }
    }

    /// Whether the peer closes the connection (reads until end of stream or the timeout).
    func closesConnection() -> Bool {
        while true {
            do {
                if try !fill() { return true }
            } catch {
                return false
            }
        }
    }

    /// Reads more bytes; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count == 0 { return false }
        guard count > 0 else { throw Failure(description: "recv failed or timed out: errno \(errno)") }
        buffer += chunk[..<count]
        return true
    }

    private func parseAnswer(bodyless: Bool) throws -> Answer? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = buffer.indices.dropLast(3).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = headEnd + 4
        if bodyless {
            buffer.removeFirst(bodyStart)
            return Answer(status: status, headers: headers, body: "")
        }
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var position = bodyStart
            var body: [UInt8] = []
            while true {
                guard let lineEnd = buffer[position...].indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) else { return nil }
                guard let size = Int(String(decoding: buffer[position..<lineEnd], as: UTF8.self), radix: 16) else { throw Failure(description: "bad chunk size") }
                let dataStart = lineEnd + 2
                guard buffer.count >= dataStart + size + 2 else { return nil }
                if size == 0 {
                    buffer.removeFirst(dataStart + 2)
                    return Answer(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
                }
                body += buffer[dataStart..<dataStart + size]
                position = dataStart + size + 2
            }
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard buffer.count >= bodyStart + length else { return nil }
        let body = String(decoding: buffer[bodyStart..<bodyStart + length], as: UTF8.self)
        buffer.removeFirst(bodyStart + length)
        return Answer(status: status, headers: headers, body: body)
    }
}
