import CLibWebSockets
import CSwitchboardShim
import Synchronization

/// One HTTP request/response driven by libwebsockets callbacks on its service thread.
final class LWSHTTPExchange: LWSEventHandler {
    private struct State {
        var wsi: LWSHandle?
        var status = 0
        var body: [UInt8] = []
        var result: Result<LWSHTTPResponse, WebSocketError>?
        var waiter: CheckedContinuation<Result<LWSHTTPResponse, WebSocketError>, Never>?
        var connectError: String?
    }

    private let request: LWSHTTPRequest
    private let headers: [(name: String, value: String)]
    private let maximumResponseBytes: Int
    private let state = Mutex(State())
    private let threadBox = Mutex<LWSServiceThread?>(nil)

    init(request: LWSHTTPRequest, maximumResponseBytes: Int) {
        self.request = request
        var headers = request.headers.sorted { $0.key < $1.key }.map { (name: "\($0.key):", value: $0.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            headers.append((name: "content-length:", value: "\(request.body.count)"))
        }
        self.headers = headers
        self.maximumResponseBytes = maximumResponseBytes
    }

    func attach(_ thread: LWSServiceThread) {
        threadBox.withLock { $0 = thread }
    }

    func setConnection(_ wsi: OpaquePointer) {
        state.withLock { state in
            if state.result == nil { state.wsi = LWSHandle(pointer: wsi) }
        }
    }

    func result() async -> Result<LWSHTTPResponse, WebSocketError> {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Result<LWSHTTPResponse, WebSocketError>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func fail(_ error: WebSocketError) {
        complete(.failure(error))
    }

    private func complete(_ result: Result<LWSHTTPResponse, WebSocketError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<LWSHTTPResponse, WebSocketError>, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        threadBox.withLock { $0 }?.requestExit()
        waiter?.resume(returning: result)
    }

    func handle(wsi: OpaquePointer?, event: Int32, input: UnsafeMutableRawPointer?, length: Int, flags: Int32) -> Int32 {
        switch event {
        case Int32(CSB_LWS_EV_APPEND_HEADERS):
            guard let wsi, let input, let cursor = csb_lws_header_cursor(input) else { return 0 }
            let end = cursor + length
            for (name, value) in headers where csb_lws_append_header(wsi, input, end, name, value) != 0 {
                complete(.failure(WebSocketError(.httpFailed, "the request headers do not fit in libwebsockets' buffer")))
                return -1
            }
            if !request.body.isEmpty {
                csb_lws_http_body_pending(wsi, 1)
                lws_callback_on_writable(wsi)
            }
            return 0
        case Int32(CSB_LWS_EV_HTTP_WRITEABLE):
            guard let wsi, !request.body.isEmpty else { return 0 }
            let pre = csb_lws_pre()
            var buffer = [UInt8](repeating: 0, count: pre) + request.body
            let count = request.body.count
            let written = buffer.withUnsafeMutableBufferPointer {
                csb_lws_write(wsi, $0.baseAddress! + pre, count, Int32(CSB_LWS_WRITE_HTTP_FINAL))
            }
            csb_lws_http_body_pending(wsi, 0)
            return written < count ? -1 : 0
        case Int32(CSB_LWS_EV_HTTP_ESTABLISHED):
            state.withLock { $0.status = Int(flags) }
            return 0
        case Int32(CSB_LWS_EV_HTTP_BODY):
            let tooBig = state.withLock { state -> Bool in
                if state.body.count + length > maximumResponseBytes { return true }
                if let input, length > 0 { state.body.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length)) }
                return false
            }
            if tooBig {
                complete(.failure(WebSocketError(.httpFailed, "the response body exceeds \(maximumResponseBytes) bytes")))
                return -1
            }
            return 0
        case Int32(CSB_LWS_EV_HTTP_COMPLETED):
            let response = state.withLock { LWSHTTPResponse(status: $0.status, body: $0.body) }
            complete(.success(response))
            return -1
        case Int32(CSB_LWS_EV_CONNECTION_ERROR):
            let reason = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "connection failed"
            complete(.failure(WebSocketError(.httpFailed, reason)))
            return 0
        case Int32(CSB_LWS_EV_HTTP_CLOSED), Int32(CSB_LWS_EV_WSI_DESTROY):
            let handle = wsi.map(LWSHandle.init)
            let ours = state.withLock { $0.wsi == nil || $0.wsi == handle }
            if ours { complete(.failure(WebSocketError(.httpFailed, "the connection closed before the response was complete"))) }
            return 0
        default:
            return 0
        }
    }
}
