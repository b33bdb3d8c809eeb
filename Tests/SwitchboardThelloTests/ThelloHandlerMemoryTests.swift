import CSwitchboardShim
import Synchronization
import Testing
@testable import SwitchboardConnectors
import SwitchboardEvents

/// The connector calls its `BlocEvent` handler once per hub event for as long as the connection
/// lives, so the call itself must not cost memory. It did: an async closure kept directly in a
/// `Mutex` leaked task-allocator slabs on every call with Swift 6.3.1 (see `AsyncCallback`).
@Suite("Thello handler memory")
struct ThelloHandlerMemoryTests {
    @Test("10,000 handler calls on one task leave the heap where it was")
    func handlerCallsDoNotGrowTheHeap() async throws {
        let connector = ThelloConnector(configuration: ThelloConfiguration(
            name: "memory", managementBaseURL: "http://127.0.0.1:1", hubURL: "http://127.0.0.1:1/hub", apiKey: "key", blocs: ["queue"]
        ))
        let received = Atomic<Int>(0)
        connector.onBlocEvent { _ in received.add(1, ordering: .relaxed) }
        let event = try ThelloBlocEvent(tenant: "memory", arguments: ["queue", "QUEUE_ENTER", "sip-1", "Caller", "+46701234567", "3900", "", "ctx-1"].map { .string($0) })

        // One long-lived task, as the hub client's handler task is.
        let growth = await Task {
            for _ in 0..<1_000 { await connector.dispatch(event) }
            let before = heapInUse()
            for _ in 0..<10_000 { await connector.dispatch(event) }
            return heapInUse() - before
        }.value

        #expect(received.load(ordering: .relaxed) == 11_000)
        // The leak cost ~330 bytes a call (3.3 MB here) and made every call slower than the last.
        #expect(growth < 512 << 10, "the heap grew by \(growth) bytes over 10,000 handler calls")
    }

    private func heapInUse() -> Int { Int(csb_heap_bytes_in_use()) }
}
