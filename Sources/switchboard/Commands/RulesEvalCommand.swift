import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardRules

/// `switchboard rules eval --event FILE [DIR]`: a dry run of one event.
struct RulesEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Show which rules match a normalized event and the actions they would plan (nothing is executed)."
    )

    @Option(name: .long, help: "A normalized CallEvent as JSON; `-` reads standard input.")
    var event: String

    @OptionGroup var rules: RulesDirectoryArgument

    func run() throws {
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSetLoader.load(directory: rules.directory)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
            throw ExitCode(1)
        }
        let contents = event == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: event)
        guard let data = contents else {
            print("\(event): error: the event file cannot be read")
            throw ExitCode(1)
        }
        let callEvent: CallEvent
        do {
            callEvent = try CallEvent(json: try JSONValue.parse(data))
        } catch {
            print("\(event): error: not a normalized CallEvent: \(error)")
            throw ExitCode(1)
        }
        let evaluation = ruleSet.evaluate(callEvent, state: OperatorChoiceState())
        if evaluation.matchedRules.isEmpty {
            print("no rule matched")
            return
        }
        print("matched: \(evaluation.matchedRules.joined(separator: ", "))")
        for plan in evaluation.plans {
            print("  \(plan.rule): \(plan.action.name) \(JSONValue.object(JSONObject(plan.arguments)).jsonString())")
        }
        for error in evaluation.errors { print("  not planned: \(error)") }
        if let stop = evaluation.stoppedBy { print("stopped by: \(stop)") }
    }
}
