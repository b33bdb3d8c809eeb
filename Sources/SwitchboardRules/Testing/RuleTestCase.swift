import SwitchboardEvents

/// One rule test: an input event and the actions the rule set must plan for it.
public struct RuleTestCase: Sendable, Hashable {
    /// One expected action; only the arguments listed are compared.
    public struct ExpectedAction: Sendable, Hashable {
        public var rule: String
        public var action: String
        public var arguments: [String: JSONValue]

        public init(rule: String, action: String, arguments: [String: JSONValue] = [:]) {
            self.rule = rule
            self.action = action
            self.arguments = arguments
        }
    }

    public var name: String
    public var location: SourceLocation
    /// The normalized event's JSON.
    public var event: JSONValue
    /// When set, only actions of these rules are compared.
    public var only: [String]?
    /// The expected actions in order; empty with `expectNoMatch` means no rule may match at all.
    public var expected: [ExpectedAction]
    public var expectNoMatch: Bool

    public init(name: String, location: SourceLocation, event: JSONValue, only: [String]? = nil, expected: [ExpectedAction], expectNoMatch: Bool = false) {
        self.name = name
        self.location = location
        self.event = event
        self.only = only
        self.expected = expected
        self.expectNoMatch = expectNoMatch
    }
}

/// The outcome of one rule test.
public struct RuleTestResult: Sendable, Hashable {
    public var test: RuleTestCase
    /// Why the test failed; empty when it passed.
    public var failures: [String]

    public var passed: Bool { failures.isEmpty }
}
