import Foundation
import Synchronization
import SwitchboardRuntime
import Testing

@Suite("Deduplication window")
struct DeduplicationWindowTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
        func now() -> Date { current.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test("a pair is a duplicate only after it was inserted, and only for its own source")
    func pairs() {
        let window = DeduplicationWindow()
        #expect(!window.contains(source: "https://a.example", id: "1"))
        window.insert(source: "https://a.example", id: "1")
        #expect(window.contains(source: "https://a.example", id: "1"))
        #expect(!window.contains(source: "https://b.example", id: "1"))
        #expect(!window.contains(source: "https://a.example", id: "2"))
        window.insert(source: "https://a.example", id: "1")
        #expect(window.count == 1)
    }

    @Test("the boundary between source and id is part of the pair")
    func boundary() {
        let window = DeduplicationWindow()
        window.insert(source: "ab", id: "c")
        #expect(!window.contains(source: "a", id: "bc"))
        #expect(!window.contains(source: "abc", id: ""))
    }

    @Test("entries older than the window are forgotten")
    func expiry() {
        let clock = ManualClock()
        let window = DeduplicationWindow(window: 60, now: { clock.now() })
        window.insert(source: "s", id: "old")
        clock.advance(30)
        window.insert(source: "s", id: "new")
        clock.advance(31)
        #expect(!window.contains(source: "s", id: "old"))
        #expect(window.contains(source: "s", id: "new"))
        #expect(window.count == 1)
    }

    @Test("beyond capacity the oldest entries are dropped first")
    func capacity() {
        let window = DeduplicationWindow(capacity: 3)
        for id in 0..<5 { window.insert(source: "s", id: String(id)) }
        #expect(window.count == 3)
        #expect(!window.contains(source: "s", id: "0"))
        #expect(!window.contains(source: "s", id: "1"))
        #expect((2..<5).allSatisfy { window.contains(source: "s", id: String($0)) })
    }
}
