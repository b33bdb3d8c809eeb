import CLibWebSockets
import CSwitchboardShim
import Foundation
import Synchronization

/// Receives the events libwebsockets raises for one context, on that context's service thread.
protocol LWSEventHandler: AnyObject, Sendable {
    /// Returns non-zero to make libwebsockets close the connection `wsi`.
    func handle(wsi: OpaquePointer?, event: Int32, input: UnsafeMutableRawPointer?, length: Int, flags: Int32) -> Int32
}

/// One `lws_context` and the one thread that runs `lws_service` on it.
///
/// The context's user pointer is this object, retained until the context is destroyed, so a C
/// callback can never see freed memory. Only `wake()` / `requestExit()` (which call
/// `lws_cancel_service`) may be used from other threads; everything else runs on the service thread.
///
/// `@unchecked Sendable`: `context` is written once in `start` before the thread exists and is only
/// read afterwards; the exit flag is atomic and the termination waiters sit behind a mutex.
final class LWSServiceThread: @unchecked Sendable {
    let handler: any LWSEventHandler
    private var context: OpaquePointer?
    private let exitRequested = Atomic<Bool>(false)
    private let termination = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init(handler: any LWSEventHandler) {
        self.handler = handler
    }

    /// Creates the context; the caller may then start connections on it before calling `run`.
    func createContext(caFile: String?, timeoutSeconds: UInt32, usesTLS: Bool) throws(WebSocketError) -> OpaquePointer {
        LWSEventDispatch.install()
        LibWebSocketsLogging.install()
        let owner = Unmanaged.passRetained(self).toOpaque()
        let created: OpaquePointer? =
            if let caFile {
                caFile.withCString { csb_lws_client_context_create(owner, $0, timeoutSeconds, usesTLS ? 1 : 0) }
            } else {
                csb_lws_client_context_create(owner, nil, timeoutSeconds, usesTLS ? 1 : 0)
            }
        guard let created else {
            Unmanaged<LWSServiceThread>.fromOpaque(owner).release()
            throw WebSocketError(.contextCreationFailed, "libwebsockets could not create a client context (check the CA file and TLS setup)")
        }
        context = created
        return created
    }

    /// Starts the service thread; it exits after `requestExit`, destroys the context and releases `self`.
    func run(name: String) {
        guard context != nil else { return }
        let thread = Thread { [self] in
            // Set from inside: on Linux, a name given before `start()` is never applied.
            Thread.current.name = name
            // Read through `self`: the pointer was stored before this thread existed.
            guard let context = self.context else { return }
            while !exitRequested.load(ordering: .acquiring) {
                if lws_service(context, 0) < 0 { break }
            }
            // Destroying the context may still raise close callbacks; they run here, on this thread.
            lws_context_destroy(context)
            Unmanaged.passUnretained(self).release()
            let waiters = termination.withLock { state in
                state.done = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        thread.start()
    }

    /// Destroys a context that never got a thread (connect failed synchronously).
    func destroyWithoutRunning() {
        guard let context else { return }
        lws_context_destroy(context)
        self.context = nil
        Unmanaged.passUnretained(self).release()
        termination.withLock { $0.done = true }
    }

    /// Interrupts `lws_service` so the service thread raises a wake event; safe from any thread.
    func wake() {
        if let context { lws_cancel_service(context) }
    }

    /// Asks the service thread to finish; safe from any thread, idempotent.
    func requestExit() {
        exitRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Returns once the thread has destroyed the context.
    func terminated() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = termination.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}

/// Installs the single C handler that routes every context's events to its `LWSServiceThread`.
enum LWSEventDispatch {
    private static let installed: Void = csb_lws_set_client_handler(lwsDispatch)

    static func install() { _ = installed }
}

private func lwsDispatch(
    owner: UnsafeMutableRawPointer?, wsi: OpaquePointer?, event: Int32,
    input: UnsafeMutableRawPointer?, length: Int, flags: Int32
) -> Int32 {
    guard let owner else { return 0 }
    let thread = Unmanaged<LWSServiceThread>.fromOpaque(owner).takeUnretainedValue()
    return thread.handler.handle(wsi: wsi, event: event, input: input, length: length, flags: flags)
}
