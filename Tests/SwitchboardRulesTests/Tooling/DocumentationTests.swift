import Foundation
import SwitchboardRules
import Testing

/// docs/rules.md is the integrator's reference: it must name everything the engine accepts.
@Suite("docs/rules.md covers the rule language")
struct DocumentationTests {
    private func reference() throws -> String {
        let root = URL(fileURLWithPath: RuleFixtures.sampleRulesDirectory).deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
    }

    @Test("every operator, action, argument, template function and rule key is documented")
    func everythingDocumented() throws {
        let text = try reference()
        for name in RuleLanguage.operators { #expect(text.contains("`\(name)`"), "operator \(name)") }
        for name in RuleLanguage.actions { #expect(text.contains("`\(name)`"), "action \(name)") }
        for (action, arguments) in RuleLanguage.actionArguments {
            for argument in arguments { #expect(text.contains("`\(argument)`"), "argument \(argument) of \(action)") }
        }
        for name in RuleLanguage.templateFunctions { #expect(text.contains("`\(name)("), "template function \(name)") }
        for key in RuleLanguage.ruleKeys { #expect(text.contains("\(key):"), "rule key \(key)") }
    }

    @Test("every error code is documented")
    func errorCodes() throws {
        let text = try reference()
        for code in RuleDiagnostic.Code.allCases { #expect(text.contains("`\(code.rawValue)`"), "error code \(code.rawValue)") }
    }
}
