import SwitchboardEvents

/// One rule test: one or more input events and the actions the rule set must plan for each.
public struct RuleTestCase: Sendable, Hashable {
    /// One expected action; only the arguments listed are compared.
    public struct ExpectedAction: Sendable, Hashable {
        /// The rule that must plan the action.
        public var rule: String
        /// The action's name (`thello.setVariable`).
        public var action: String
        /// The arguments to compare; others are not checked.
        public var arguments: [String: JSONValue]

        public init(rule: String, action: String, arguments: [String: JSONValue] = [:]) {
            self.rule = rule
            self.action = action
            self.arguments = arguments
        }
    }

    /// One event and what it must produce. Steps of a test share operator-choice state.
    public struct Step: Sendable, Hashable {
        /// The normalized event's JSON.
        public var event: JSONValue
        /// When set, only actions of these rules are compared.
        public var only: [String]?
        /// The expected actions in order.
        public var expected: [ExpectedAction]
        /// No rule at all may match (`expect: none`).
        public var expectNoMatch: Bool
        /// Simulated seconds that pass before this step (for sticky time to live).
        public var afterSeconds: Double

        public init(event: JSONValue, only: [String]? = nil, expected: [ExpectedAction], expectNoMatch: Bool = false, afterSeconds: Double = 0) {
            self.event = event
            self.only = only
            self.expected = expected
            self.expectNoMatch = expectNoMatch
            self.afterSeconds = afterSeconds
        }
    }

    public var name: String
    /// Where the test starts in its file.
    public var location: SourceLocation
    public var steps: [Step]

    public init(name: String, location: SourceLocation, steps: [Step]) {
        self.name = name
        self.location = location
        self.steps = steps
    }
}

/// The outcome of one rule test.
public struct RuleTestResult: Sendable, Hashable {
    public var test: RuleTestCase
    /// Why the test failed; empty when it passed.
    public var failures: [String]

    /// Whether every step produced what it expected.
    public var passed: Bool { failures.isEmpty }
}
