import SwitchboardEvents

/// A compiled, immutable rule set: the rules in evaluation order, their tables and the index.
///
/// Evaluation order: higher `priority` first; equal priorities in file order (files sorted by
/// path) and then in order within the file. Every matching rule runs in that order until one
/// that has `continue: false` or a `drop` action has run.
public struct RuleSet: Sendable {
    /// The rules in evaluation order.
    public let rules: [Rule]
    /// The lookup tables by name.
    public let tables: [String: LookupTable]
    private let index: PatternIndex

    init(rules: [Rule], tables: [String: LookupTable]) {
        self.rules = rules
        self.tables = tables
        self.index = PatternIndex(rules.map(\.pattern))
    }

    /// A set without rules: nothing matches.
    public static let empty = RuleSet(rules: [], tables: [:])

    /// Rules (or `$or` alternatives of rules) without an exact, prefix, suffix, equals-ignore-case
    /// or `exists: true` condition: they are tested against every event.
    public var unindexedRules: [Rule] {
        index.unindexedPatterns.map { rules[$0] }
    }

    /// The rules whose patterns match, in evaluation order, ignoring `continue`.
    public func matchingRules(_ event: JSONValue) -> [Rule] {
        index.matches(event).map { rules[$0] }
    }

    /// Matches `event` and plans the actions of the rules that run.
    public func evaluate(_ event: JSONValue, state: OperatorChoiceState) -> RuleEvaluation {
        var evaluation = RuleEvaluation()
        for position in index.matches(event) {
            let rule = rules[position]
            evaluation.matchedRules.append(rule.name)
            let environment = TemplateEnvironment(event: event, tables: tables, choice: state, rule: rule.name)
            var dropped = false
            for action in rule.actions {
                switch action.resolve(rule: rule.name, environment: environment) {
                case .success(let plan):
                    evaluation.plans.append(plan)
                    if plan.action == .drop { dropped = true }
                case .failure(let error):
                    evaluation.errors.append(error)
                }
            }
            if dropped || !rule.continueAfterMatch {
                evaluation.stoppedBy = rule.name
                break
            }
        }
        return evaluation
    }

    /// Matches a normalized event (see `evaluate(_:state:)`).
    public func evaluate(_ event: CallEvent, state: OperatorChoiceState) -> RuleEvaluation {
        evaluate(event.jsonValue(), state: state)
    }
}
