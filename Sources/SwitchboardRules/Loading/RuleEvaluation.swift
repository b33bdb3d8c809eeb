/// What a rule set decided for one event.
public struct RuleEvaluation: Sendable, Hashable {
    /// The rules that matched and ran, in evaluation order.
    public var matchedRules: [String]
    /// The planned actions, in rule order then action order.
    public var plans: [ActionPlan]
    /// Actions of matched rules that could not be planned (an argument resolved to nothing).
    public var errors: [ActionResolutionError]
    /// The rule whose `continue: false` or `drop` ended evaluation, if any.
    public var stoppedBy: String?

    public init(matchedRules: [String] = [], plans: [ActionPlan] = [], errors: [ActionResolutionError] = [], stoppedBy: String? = nil) {
        self.matchedRules = matchedRules
        self.plans = plans
        self.errors = errors
        self.stoppedBy = stoppedBy
    }
}
