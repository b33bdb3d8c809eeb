/// The vocabulary of rule files, for documentation checks and editor tooling.
public enum RuleLanguage {
    /// The pattern operators (besides exact values and `$or`).
    public static let operators: [String] = PatternParser.operators

    /// The action names, in documentation order.
    public static var actions: [String] { ActionCatalog.names }

    /// The arguments of each action, in documentation order.
    public static var actionArguments: [String: [String]] {
        Dictionary(uniqueKeysWithValues: ActionCatalog.all.map { ($0.name, $0.arguments.map(\.name)) })
    }

    /// The functions templates may call.
    public static let templateFunctions: [String] = TemplateFunction.allCases.map(\.rawValue)

    /// The keys a rule may have.
    public static let ruleKeys: [String] = RuleFileParser.ruleKeys
}
