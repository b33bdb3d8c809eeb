/// An async callback that can be swapped at run time: keep it in a `Mutex<AsyncCallback<T>?>`,
/// never the bare closure in a `Mutex<(@Sendable (T) async -> Void)?>`.
///
/// Why a class: with Swift 6.3.1 on Linux, an async closure read out of a `Mutex` (the closure
/// *is* the generic value `withLock` returns) and then called leaks a few hundred bytes of the
/// calling task's allocator per call, and each call gets slower, because the task allocator's slabs
/// pile up: 20,000 calls took 18 s and 6 MB instead of 0.15 s and nothing. A class reference
/// travels through the generic unchanged, and the closure is called from its stored property.
/// This leak was the steady RSS growth in the soak (`docs/performance.md`, "Soak"): one hub event
/// on a long-lived Thello connection leaked about 550 bytes.
public final class AsyncCallback<Input: Sendable>: Sendable {
    private let body: @Sendable (Input) async -> Void

    public init(_ body: @escaping @Sendable (Input) async -> Void) {
        self.body = body
    }

    public func callAsFunction(_ input: Input) async {
        await body(input)
    }
}

/// `AsyncCallback` for callbacks that throw.
public final class ThrowingAsyncCallback<Input: Sendable>: Sendable {
    private let body: @Sendable (Input) async throws -> Void

    public init(_ body: @escaping @Sendable (Input) async throws -> Void) {
        self.body = body
    }

    public func callAsFunction(_ input: Input) async throws {
        try await body(input)
    }
}
