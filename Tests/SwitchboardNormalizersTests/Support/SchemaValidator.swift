import Foundation
import SwitchboardEvents
import SwitchboardLiveTestSupport

/// Validates events against `schemas/call-event.v1.json` with the independent Python
/// `jsonschema` validator (`Tests/tools/validate_events.py`) from the test venv.
enum SchemaValidator {
    struct Outcome {
        var status: Int32
        /// One line per schema violation: `<line>: <path>: <message>`.
        var violations: String
    }

    enum Failure: Error, CustomStringConvertible {
        case pythonMissing(String)
        case launch(String)

        var description: String {
            switch self {
            case .pythonMissing(let path):
                return "the schema validator needs Python with jsonschema at \(path): run `bash scripts/bootstrap.sh --test` (or set SWITCHBOARD_PYTHON)"
            case .launch(let reason): return "could not run the schema validator: \(reason)"
            }
        }
    }

    /// The Python of `SWITCHBOARD_PYTHON`, else the repository's `.venv`.
    static var python: String {
        ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? TestSupport.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
    }

    /// Runs the validator over `events` (one JSON document per line).
    static func validate(_ events: [CallEvent]) throws -> Outcome {
        try validate(lines: events.map { String(decoding: $0.encoded(), as: UTF8.self) })
    }

    static func validate(lines: [String]) throws -> Outcome {
        let python = Self.python
        guard FileManager.default.isExecutableFile(atPath: python) else { throw Failure.pythonMissing(python) }
        let result: ChildProcessResult
        do {
            result = try ChildProcess.run(
                URL(fileURLWithPath: python),
                [
                    TestSupport.repositoryRoot.appendingPathComponent("Tests/tools/validate_events.py").path,
                    TestSupport.repositoryRoot.appendingPathComponent("schemas/call-event.v1.json").path,
                ],
                stdin: Data(lines.joined(separator: "\n").utf8)
            )
        } catch {
            throw Failure.launch("\(error)")
        }
        return Outcome(status: result.status, violations: result.stdoutText + result.stderrText)
    }
}
