import SwitchboardRuntime
import Testing

/// Switchboard links jemalloc in place of glibc's malloc; this checks that the link took (the
/// process's `malloc` is jemalloc's, not merely loaded beside glibc's) and that the heap
/// statistics behind `switchboard_memory_*_bytes` read.
@Suite("memory allocator: jemalloc serves malloc")
struct MemoryAllocatorTests {
    @Test("malloc is jemalloc's and the summary names it")
    func jemallocServesMalloc() {
        #expect(MemoryAllocator.jemallocVersion?.hasPrefix("5.") == true)
        #expect(MemoryAllocator.jemallocServesMalloc)
        #expect(MemoryAllocator.summary.hasPrefix("jemalloc 5."))
    }

    @Test("heap statistics follow what the process holds")
    func statisticsFollowAllocations() throws {
        let before = try #require(MemoryAllocator.statistics())
        let held = [UInt8](repeating: 1, count: 8 << 20)
        let during = try #require(MemoryAllocator.statistics())
        #expect(during.allocatedBytes >= before.allocatedBytes + held.count - (1 << 20))
        #expect(during.residentBytes >= during.allocatedBytes)
        withExtendedLifetime(held) {}
    }
}
