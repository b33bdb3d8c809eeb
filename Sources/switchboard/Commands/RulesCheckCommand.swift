import ArgumentParser
import SwitchboardRules

/// `switchboard rules check [DIR]`: every error with file:line:column, exit 1 on any.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate rule files, tables and rule tests; print every error with its position."
    )

    @OptionGroup var rules: RulesDirectoryArgument

    func run() throws {
        var errors: [RuleDiagnostic] = []
        var ruleCount = 0
        var warnings: [String] = []
        do {
            let ruleSet = try RuleSetLoader.load(directory: rules.directory)
            ruleCount = ruleSet.rules.count
            warnings = ruleSet.unindexedRules.map { rule in
                "\(rule.location): warning: rule '\(rule.name)' has no exact, prefix, suffix or equals-ignore-case condition, so it is tested against every event"
                    + " hint: add a condition such as `type: [...]` or `platform: [...]` (or, inside each `$or` alternative)"
            }
        } catch {
            errors += error.diagnostics
        }
        var testCount = 0
        do {
            testCount = try RuleTestRunner.loadTests(directory: rules.directory).count
        } catch {
            errors += error.diagnostics
        }
        for error in errors { print(error) }
        for warning in warnings { print(warning) }
        if errors.isEmpty {
            print("\(rules.directory): \(ruleCount) rules, \(testCount) tests, no errors")
        } else {
            print("\(errors.count) error\(errors.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
