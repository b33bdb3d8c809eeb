import NIOCore
import NIOPosix

/// Runs Swift concurrency's global executor on SwiftNIO's singleton event loops, the threads
/// that already serve the HTTP connections.
///
/// Without it a webhook request crosses threads several times: the event loop reads it, a
/// cooperative-pool thread runs the handler, the event loop writes the response, and both thread
/// pools compete for the same cores. With it every task runs on an event loop thread, so those
/// hops become queue operations on the same threads (see docs/performance.md, "Webhook ingest").
///
/// The price is that a task which blocks its thread stalls the connections of that event loop;
/// Switchboard's blocking work (spool fsync, librdkafka polling, child processes) runs on its own
/// threads, never in tasks. On the 2-core benchmark machine it lowered the webhook peak rate
/// (every task, also the resumptions from librdkafka's delivery reports, then queues behind
/// socket I/O), so `http.tasksOnEventLoops` is off by default.
public enum EventLoopConcurrency {
    /// Installs the event loops as the global executor. Call once, first thing in the process,
    /// before any other task starts; returns false when this platform or toolchain cannot.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
