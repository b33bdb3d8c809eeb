import ArgumentParser
import SwitchboardRules

/// `switchboard rules test [DIR]`: runs the rule tests and closes with `N passed, N failed`.
struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests in DIR/tests against the rules in DIR."
    )

    @OptionGroup var rules: RulesDirectoryArgument

    func run() throws {
        let ruleSet: RuleSet
        let tests: [RuleTestCase]
        do {
            ruleSet = try RuleSetLoader.load(directory: rules.directory)
            tests = try RuleTestRunner.loadTests(directory: rules.directory)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
            print("0 passed, 0 failed (the rules or tests do not load; run `switchboard rules check`)")
            throw ExitCode(1)
        }
        let results = RuleTestRunner.run(tests, against: ruleSet)
        for result in results {
            print("\(result.passed ? "PASS" : "FAIL") \(result.test.name)  (\(result.test.location))")
            for failure in result.failures { print("     \(failure)") }
        }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
