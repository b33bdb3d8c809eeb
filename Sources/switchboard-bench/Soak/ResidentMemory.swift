import CSwitchboardShim
import Foundation

/// Resident set size of a process, read from `/proc/<pid>/status` (`VmRSS`, in KiB).
enum ResidentMemory {
    /// Mebibytes resident, or nil when the process is gone or /proc is unavailable.
    static func megabytes(pid: Int32? = nil) -> Double? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kibibytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
            return kibibytes.map { $0 / 1024 }
        }
        return nil
    }

    /// Mebibytes the C allocator has handed out and not had back (this process): unlike RSS, it
    /// does not move with free pages the allocator keeps, so a leak shows here first.
    static func heapMegabytes() -> Double {
        Double(csb_heap_bytes_in_use()) / 1_048_576
    }
}
