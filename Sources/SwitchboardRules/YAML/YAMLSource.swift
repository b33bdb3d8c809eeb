import SwitchboardEvents
import Yams

/// A parsed YAML file with the helpers loaders need to point at its nodes.
struct YAMLSource {
    /// The path shown in diagnostics.
    let file: String
    let root: Node?

    /// Parses `text`; a syntax error becomes a `yaml-syntax` diagnostic at the position libyaml reports.
    static func parse(_ text: String, file: String) -> Result<YAMLSource, RuleDiagnostic> {
        do {
            // The basic resolver skips Yams' per-scalar regular expressions (the bulk of load time for
            // large rule sets); `ScalarResolution` types plain scalars by the YAML 1.2 core schema.
            return .success(YAMLSource(file: file, root: try Yams.compose(yaml: text, .basic)))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(RuleDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "the file is not valid YAML: \(error)"))
        }
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private static func diagnostic(for error: YamlError, file: String) -> RuleDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return RuleDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax: \(problem)",
                                  hint: "check the indentation and quoting on this line and the one above")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                                  "duplicate key \(duplicates.joined(separator: ", ")) in a mapping", hint: "each key may appear once; merge the two entries")
        default:
            return RuleDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "the file is not valid YAML: \(error)")
        }
    }
}

extension Node {
    /// The scalar's text when this is a scalar.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    var mappingPairs: [(key: Node, value: Node)]? {
        if case .mapping(let mapping) = self { return Array(mapping) }
        return nil
    }

    var sequenceNodes: [Node]? {
        if case .sequence(let sequence) = self { return Array(sequence) }
        return nil
    }

    /// A short name of the YAML kind, for error messages.
    var kindName: String {
        switch self {
        case .scalar: return jsonValue.kindName
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    /// The node as JSON, keeping YAML's resolved scalar types (`5` is a number, `"5"` a string).
    var jsonValue: JSONValue {
        switch self {
        case .scalar(let scalar):
            return ScalarResolution.value(of: scalar)
        case .mapping(let mapping):
            var members = JSONObject()
            for (key, value) in mapping { members[key.scalarText ?? ""] = value.jsonValue }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.map(\.jsonValue))
        case .alias:
            return .null
        }
    }
}
