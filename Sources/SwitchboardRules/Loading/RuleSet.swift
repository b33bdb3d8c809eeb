import SwitchboardEvents

/// A compiled, immutable rule set: the rules in evaluation order, their tables and the index.
///
/// Evaluation order: higher `priority` first; equal priorities in file order (files sorted by
/// path) and then in order within the file. Every matching rule runs in that order until one
/// that has `continue: false` or a `drop` action has run.
public struct RuleSet: Sendable {
    /// One reference for the whole set: every event takes a copy of the current set (see
    /// `RuleSetStore`), and copying the fields themselves retained and released nine arrays
    /// and dictionaries each time.
    private final class Storage: Sendable {
        let rules: [Rule]
        let tables: [String: LookupTable]
        let index: PatternIndex

        init(rules: [Rule], tables: [String: LookupTable]) {
            self.rules = rules
            self.tables = tables
            self.index = PatternIndex(rules.map(\.pattern))
        }
    }

    private let storage: Storage

    /// The rules in evaluation order.
    public var rules: [Rule] { storage.rules }
    /// The lookup tables by name.
    public var tables: [String: LookupTable] { storage.tables }
    private var index: PatternIndex { storage.index }

    init(rules: [Rule], tables: [String: LookupTable]) {
        storage = Storage(rules: rules, tables: tables)
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
        let rules = storage.rules, tables = storage.tables
        for position in storage.index.matches(event) {
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
