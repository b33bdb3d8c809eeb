import Foundation
import SwitchboardEvents
import SwitchboardRules
import Testing

@Suite("Hot reload of the rules directory")
struct HotReloadTests {
    typealias F = RuleFixtures

    private func ruleFile(type: String) -> String {
        """
        rules:
          - name: watch
            description: d
            match: {type: [\(type)]}
            actions: [drop]
        """
    }

    private func matches(_ store: RuleSetStore, _ type: CallEventType) -> Bool {
        !store.ruleSet.matchingRules(F.event(type: type)).isEmpty
    }

    @Test("a valid change is applied; an invalid one is rejected and the last good set keeps matching")
    func applyAndReject() throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("watch.yaml")
        try ruleFile(type: "switchboard.call.failed").write(to: file, atomically: true, encoding: .utf8)

        let store = RuleSetStore()
        let watcher = RuleDirectoryWatcher(configuration: .init(directory: directory.path), store: store)
        #expect(watcher.check() == .applied(ruleCount: 1))
        #expect(matches(store, .failed))
        #expect(watcher.check() == .unchanged)

        try ruleFile(type: "switchboard.call.ended").write(to: file, atomically: true, encoding: .utf8)
        #expect(watcher.check() == .applied(ruleCount: 1))
        #expect(matches(store, .ended) && !matches(store, .failed))
        #expect(store.snapshot.generation == 2)

        try ruleFile(type: "switchboard.call.endd").write(to: file, atomically: true, encoding: .utf8)
        guard case .rejected(let error) = watcher.check() else {
            Issue.record("an invalid set must be rejected")
            return
        }
        #expect(error.diagnostics.first?.code == .wrongValueType)
        #expect(store.lastError == error)
        #expect(matches(store, .ended), "the last good set stays active")
        #expect(store.snapshot.generation == 2)

        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tables"), withIntermediateDirectories: true)
        try "- a\n".write(to: directory.appendingPathComponent("tables/list.yaml"), atomically: true, encoding: .utf8)
        try ruleFile(type: "switchboard.call.answered").write(to: file, atomically: true, encoding: .utf8)
        #expect(watcher.check() == .applied(ruleCount: 1))
        #expect(store.lastError == nil)
        #expect(matches(store, .answered))
    }

    @Test("the status page's facts: version changes with the files, the rejected reload is timed and kept until a good one")
    func versionAndErrorTime() throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("watch.yaml")
        try ruleFile(type: "switchboard.call.failed").write(to: file, atomically: true, encoding: .utf8)
        let store = RuleSetStore()
        #expect(store.snapshot.version == "0", "the empty initial set has no files")
        let watcher = RuleDirectoryWatcher(configuration: .init(directory: directory.path), store: store)
        _ = watcher.check()
        let first = store.snapshot
        #expect(first.fingerprint != nil && first.version.hasPrefix("1 ("))

        try ruleFile(type: "switchboard.call.endd").write(to: file, atomically: true, encoding: .utf8)
        _ = watcher.check()
        let rejected = store.snapshot
        #expect(rejected.version == first.version && rejected.loadedAt == first.loadedAt, "the active set did not change")
        #expect(rejected.lastError != nil && rejected.lastErrorAt != nil)

        try ruleFile(type: "switchboard.call.ended").write(to: file, atomically: true, encoding: .utf8)
        _ = watcher.check()
        let second = store.snapshot
        #expect(second.version.hasPrefix("2 (") && second.fingerprint != first.fingerprint)
        #expect(second.lastError == nil && second.lastErrorAt == nil)
        #expect(second.loadedAt >= first.loadedAt)
    }

    @Test("run() polls until its task is cancelled")
    func runHonoursCancellation() async throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try ruleFile(type: "switchboard.call.failed").write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let store = RuleSetStore()
        let watcher = RuleDirectoryWatcher(configuration: .init(directory: directory.path, pollIntervalSeconds: 0.02), store: store)
        let task = Task { await watcher.run() }
        // Generous: a loaded machine may take a while to schedule the first poll.
        for _ in 0..<1000 where store.snapshot.generation == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(matches(store, .failed))
        task.cancel()
        await task.value
    }
}
