import Foundation
import Yams

/// Reads a YAML configuration: `${VAR}` / `${VAR:-default}` interpolation in values, `KEY_file`
/// indirection for secrets (the value is read from that file into `KEY`), unknown-key detection
/// and typed decoding, collecting every problem with its path and position.
public struct ConfigurationLoader: Sendable {
    /// Where `${VAR}` values come from.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Loads and validates the file at `path`.
    public func load(file path: String) throws(ConfigurationError) -> SwitchboardConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(code: .unreadable, file: path, problems: [ConfigurationProblem(path: "", message: "cannot read the file (\(Self.reason(error)))")])
        }
        return try load(yaml: text, file: path)
    }

    /// Loads and validates YAML text; `file` names it in errors.
    public func load(yaml text: String, file: String) throws(ConfigurationError) -> SwitchboardConfiguration {
        let root = try resolvedTree(yaml: text, file: file)
        do {
            return try YAMLDecoder().decode(SwitchboardConfiguration.self, from: root)
        } catch let error as DecodingError {
            throw ConfigurationError(code: .invalid, file: file, problems: [Self.problem(for: error, in: root)])
        } catch {
            throw ConfigurationError(code: .invalid, file: file, problems: [ConfigurationProblem(path: "", message: "\(error)")])
        }
    }

    /// The YAML tree after interpolation and file indirection, checked for unknown top-level keys.
    /// Sections owned by other modules (`kafka`, `sources`) are decoded from this tree by them.
    public func resolvedTree(yaml text: String, file: String) throws(ConfigurationError) -> Node {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(code: .syntax, file: file, problems: [Self.problem(for: error)])
        } catch {
            throw ConfigurationError(code: .syntax, file: file, problems: [ConfigurationProblem(path: "", message: "\(error)")])
        }
        let root = composed ?? Node.mapping(Node.Mapping([]))
        guard case .mapping(let mapping) = root else {
            throw ConfigurationError(code: .invalid, file: file, problems: [ConfigurationProblem(path: "", line: root.mark?.line, column: root.mark?.column, message: "the configuration must be a mapping of sections (http, kafka, rules, ...)")])
        }
        var problems: [ConfigurationProblem] = []
        for (key, _) in mapping where !SwitchboardConfiguration.knownKeys.contains(key.string ?? "") {
            problems.append(ConfigurationProblem(path: key.string ?? "?", line: key.mark?.line, column: key.mark?.column, message: "unknown section (known: \(SwitchboardConfiguration.knownKeys.sorted().joined(separator: ", ")))"))
        }
        let resolved = resolve(root, path: [], problems: &problems)
        if !problems.isEmpty {
            throw ConfigurationError(code: .invalid, file: file, problems: problems)
        }
        return resolved
    }

    private func resolve(_ node: Node, path: [String], problems: inout [ConfigurationProblem]) -> Node {
        switch node {
        case .scalar(var scalar):
            let interpolated = interpolate(scalar.string, path: path, mark: scalar.mark, problems: &problems)
            if interpolated != scalar.string {
                scalar.string = interpolated
                // A substituted value is data, not YAML syntax: keep it a plain string unless it
                // reads as a number or boolean, which the typed decoder then accepts.
                scalar.style = .plain
            }
            return .scalar(scalar)
        case .sequence(var sequence):
            for index in sequence.indices {
                sequence[index] = resolve(sequence[index], path: path + [String(index)], problems: &problems)
            }
            return .sequence(sequence)
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            for (key, value) in mapping {
                let name = key.string ?? "?"
                if name.hasSuffix("_file"), name.count > 5, let filePath = value.string {
                    let target = String(name.dropLast(5))
                    let resolvedPath = interpolate(filePath, path: path + [name], mark: value.mark, problems: &problems)
                    do {
                        let secret = try String(contentsOfFile: resolvedPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                        pairs.append((Node(target, key.tag, .plain), Node(secret, Tag(.str), .plain)))
                    } catch {
                        problems.append(ConfigurationProblem(path: (path + [name]).joined(separator: "."), line: value.mark?.line, column: value.mark?.column, message: "cannot read the secret file (\(Self.reason(error)))"))
                    }
                    continue
                }
                pairs.append((key, resolve(value, path: path + [name], problems: &problems)))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .alias:
            return node
        }
    }

    /// Replaces `${VAR}` and `${VAR:-default}`; `$$` is a literal `$`.
    func interpolate(_ text: String, path: [String], mark: Mark?, problems: inout [ConfigurationProblem]) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if afterDollar < rest.endIndex, rest[afterDollar] == "$" {
                output += "$"
                rest = rest[rest.index(after: afterDollar)...]
                continue
            }
            guard afterDollar < rest.endIndex, rest[afterDollar] == "{", let close = rest[afterDollar...].firstIndex(of: "}") else {
                output += "$"
                rest = rest[afterDollar...]
                continue
            }
            let expression = rest[rest.index(after: afterDollar)..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = expression.range(of: ":-") {
                name = expression[..<separator.lowerBound]
                fallback = expression[separator.upperBound...]
            } else {
                name = expression
                fallback = nil
            }
            if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                problems.append(ConfigurationProblem(path: path.joined(separator: "."), line: mark?.line, column: mark?.column, message: "environment variable \(name) is not set (use ${\(name):-default} for a default)"))
            }
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    private static func problem(for error: YamlError) -> ConfigurationProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigurationProblem(path: "", line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return ConfigurationProblem(path: "", message: "duplicated keys: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigurationProblem(path: "", message: "YAML: \(error)")
        }
    }

    private static func problem(for error: DecodingError, in root: Node) -> ConfigurationProblem {
        let codingPath: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(let type, let context):
            codingPath = context.codingPath
            message = "expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            codingPath = context.codingPath
            message = "a value (\(Self.describe(type))) is required"
        case .keyNotFound(let key, let context):
            codingPath = context.codingPath + [key]
            message = "is required"
        case .dataCorrupted(let context):
            codingPath = context.codingPath
            message = context.debugDescription
        @unknown default:
            codingPath = []
            message = "\(error)"
        }
        let keys = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        let node = Self.node(at: keys, in: root)
        return ConfigurationProblem(path: keys.joined(separator: "."), line: node?.mark?.line, column: node?.mark?.column, message: message)
    }

    private static func node(at keys: [String], in root: Node) -> Node? {
        var current: Node? = root
        for key in keys {
            if let index = Int(key), case .sequence(let sequence)? = current, sequence.indices.contains(index) {
                current = sequence[index]
            } else {
                current = current?[key]
            }
        }
        return current
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
