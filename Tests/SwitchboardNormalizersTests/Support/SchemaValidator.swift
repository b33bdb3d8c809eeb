import Foundation
import SwitchboardEvents

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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("events.jsonl")
        let output = directory.appendingPathComponent("out.txt")
        try Data(lines.joined(separator: "\n").utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            TestSupport.repositoryRoot.appendingPathComponent("Tests/tools/validate_events.py").path,
            TestSupport.repositoryRoot.appendingPathComponent("schemas/call-event.v1.json").path,
        ]
        // Files rather than pipes: nothing can block on a full pipe buffer.
        process.standardInput = try FileHandle(forReadingFrom: input)
        let outputHandle = try FileHandle(forWritingTo: output)
        process.standardOutput = outputHandle
        process.standardError = outputHandle
        do {
            try process.run()
        } catch {
            throw Failure.launch("\(error)")
        }
        process.waitUntilExit()
        try outputHandle.close()
        return Outcome(status: process.terminationStatus, violations: try String(contentsOf: output, encoding: .utf8))
    }
}
