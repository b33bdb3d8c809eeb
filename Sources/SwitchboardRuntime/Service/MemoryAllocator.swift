import CJemalloc

/// The process's memory allocator. Switchboard links jemalloc in place of glibc's malloc:
/// librdkafka allocates every produced message (the record plus its header, over 1 KB) with
/// `malloc`, and glibc consolidates all of its fast bins on each request of that size, which cost
/// about a tenth of the CPU per webhook request (docs/performance.md, "Seventh session").
public enum MemoryAllocator {
    /// jemalloc's version (`5.3.0-0-g…`), or nil if its control interface does not answer.
    public static var jemallocVersion: String? {
        csb_jemalloc_version().map { String(cString: $0) }
    }

    /// Whether `malloc` in this process is jemalloc's. False when something loaded before it
    /// took `malloc` over: a sanitizer runtime, or another allocator through `LD_PRELOAD`.
    public static var jemallocServesMalloc: Bool {
        csb_jemalloc_serves_malloc() != 0
    }

    /// What `starting` logs: `jemalloc 5.3.0-…`, or why the allocator is another one.
    public static var summary: String {
        guard let version = jemallocVersion else { return "glibc malloc (jemalloc not answering)" }
        return jemallocServesMalloc ? "jemalloc \(version)" : "not jemalloc (malloc replaced before it loaded)"
    }

    /// Heap statistics, current as of the call.
    public struct Statistics: Sendable, Hashable {
        /// Bytes the application holds (`stats.allocated`).
        public var allocatedBytes: Int
        /// Bytes of physical memory the allocator maps (`stats.resident`): what it costs the host.
        public var residentBytes: Int
    }

    /// jemalloc's heap statistics, or nil when they cannot be read (built without statistics,
    /// or jemalloc is not the allocator).
    public static func statistics() -> Statistics? {
        var allocated = 0
        var resident = 0
        guard csb_jemalloc_statistic("stats.allocated", 1, &allocated) == 0,
              csb_jemalloc_statistic("stats.resident", 0, &resident) == 0
        else { return nil }
        return Statistics(allocatedBytes: allocated, residentBytes: resident)
    }
}
