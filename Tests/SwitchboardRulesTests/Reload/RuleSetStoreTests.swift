import SwitchboardRules
import Testing

@Suite("Rule set store")
struct RuleSetStoreTests {
    private func set(_ count: Int) throws -> RuleSet {
        let rules = (0..<count).map { "  - {name: r\($0), description: d, match: {platform: [telnect]}, actions: [drop]}" }.joined(separator: "\n")
        return try RuleSetLoader.load(ruleFiles: [.init(path: "r.yaml", text: "rules:\n" + rules + "\n")])
    }

    @Test("readers always see a whole rule set while another task swaps sets")
    func concurrentSwaps() async throws {
        let one = try set(1), three = try set(3)
        let store = RuleSetStore(one)
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for round in 0..<2000 { store.replace(with: round.isMultiple(of: 2) ? three : one) }
                return true
            }
            for _ in 0..<2 {
                group.addTask {
                    var whole = true
                    for _ in 0..<2000 {
                        let count = store.ruleSet.rules.count
                        whole = whole && (count == 1 || count == 3)
                    }
                    return whole
                }
            }
            for await whole in group { #expect(whole) }
        }
        #expect(store.snapshot.generation == 2000)
    }

    @Test("a missing rules directory is an io error, not a crash")
    func missingDirectory() {
        #expect {
            try RuleSetLoader.load(directory: "/nonexistent/switchboard-rules")
        } throws: { error in
            (error as? RuleSetError)?.diagnostics.first?.code == .io
        }
    }
}
