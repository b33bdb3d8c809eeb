import SwitchboardEvents
import Testing

@testable import SwitchboardRules

@Suite("Field leaves: the values at a path, without an array for one")
struct FieldLeavesTests {
    let event: JSONValue = try! JSONValue.parse(Array(#"{"a":{"b":"x"},"list":[{"n":1},{"n":2},{"m":3}],"tags":["p","q"],"o":{}}"#.utf8))

    @Test("one leaf, several leaves through arrays, none for absent paths and objects", arguments: [
        (["a", "b"], [JSONValue.string("x")]),
        (["list", "n"], [.integer(1), .integer(2)]),
        (["tags"], [.string("p"), .string("q")]),
        (["list", "m"], [.integer(3)]),
        (["a", "c"], []),
        (["o"], []),
        (["a", "b", "c"], []),
    ])
    func leaves(path: [String], expected: [JSONValue]) {
        let leaves = FieldLeaves(of: event, at: path)
        #expect(Array(leaves) == expected)
        #expect(leaves.isEmpty == expected.isEmpty)
        #expect(EventFields.leaves(of: event, at: path) == expected)
    }
}
