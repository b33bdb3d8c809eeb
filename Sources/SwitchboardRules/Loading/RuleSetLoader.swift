import Foundation
import SwitchboardEvents

/// Loads and compiles a rules directory.
///
/// Layout: rule files are the `*.yaml` / `*.yml` files directly in the directory; lookup tables
/// are in `tables/` (`*.csv`, `*.yaml`, `*.yml`, named by their base name); rule tests are in
/// `tests/` and are not part of the rule set.
public enum RuleSetLoader {
    /// Loading options, from the `rules` section of the service configuration.
    public struct Options: Sendable, Hashable, Decodable {
        /// Check field paths and closed vocabularies (`type`, `platform`, `data.state`…) against
        /// the `CallEvent` schema (default true). Turn off only for events of another shape.
        public var checkSchema: Bool

        public init(checkSchema: Bool = true) {
            self.checkSchema = checkSchema
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            checkSchema = try container.decodeIfPresent(Bool.self, forKey: .checkSchema) ?? true
        }

        private enum CodingKeys: String, CodingKey {
            case checkSchema
        }
    }

    /// A file's path (as shown in diagnostics) and text.
    public struct SourceFile: Sendable, Hashable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    static let tablesFolder = "tables"
    static let testsFolder = "tests"

    /// Loads every rule file and table of `directory`, reporting all problems at once.
    public static func load(directory: String, options: Options = Options()) throws(RuleSetError) -> RuleSet {
        let (rules, tables) = try files(in: directory)
        return try load(ruleFiles: rules, tableFiles: tables, options: options)
    }

    /// Compiles rule files and tables given as text (rule files in the order given; they are sorted by path first).
    public static func load(ruleFiles: [SourceFile], tableFiles: [SourceFile] = [], options: Options = Options()) throws(RuleSetError) -> RuleSet {
        var diagnostics = DiagnosticSink()
        var tables: [String: LookupTable] = [:]
        for file in tableFiles.sorted(by: { $0.path < $1.path }) {
            let name = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            if tables[name] != nil {
                diagnostics.report(.badTable, at: SourceLocation(file: file.path, line: 1, column: 1), "a second table named '\(name)'",
                                   hint: "table names come from file names; rename one of the files")
                continue
            }
            if let table = TableParser.parse(name: name, file: file.path, text: file.text, diagnostics: &diagnostics) { tables[name] = table }
        }
        var rules: [Rule] = []
        var names: [String: SourceLocation] = [:]
        for file in ruleFiles.sorted(by: { $0.path < $1.path }) {
            let source: YAMLSource
            switch YAMLSource.parse(file.text, file: file.path) {
            case .success(let parsed): source = parsed
            case .failure(let diagnostic):
                diagnostics.report(diagnostic)
                continue
            }
            for rule in RuleFileParser(source: source, tables: tables, checkSchema: options.checkSchema).rules(diagnostics: &diagnostics) {
                if let first = names[rule.name] {
                    diagnostics.report(.duplicateRule, at: rule.location, "a second rule named '\(rule.name)' (the first is at \(first))",
                                       hint: "rule names must be unique across the rules directory")
                    continue
                }
                names[rule.name] = rule.location
                rules.append(rule)
            }
        }
        for rule in rules where !rule.pattern.alternatives.isEmpty {
            if rule.pattern.disjunctiveNormalForm(limit: PatternIndex.conjunctionLimit) == nil {
                diagnostics.report(.invalidStructure, at: rule.location, "the `$or` groups of '\(rule.name)' multiply out to more than \(PatternIndex.conjunctionLimit) alternatives",
                                   hint: "split the rule into several rules")
            }
        }
        guard diagnostics.isEmpty else { throw RuleSetError(diagnostics.diagnostics) }
        // Stable sort: file order and in-file order survive within one priority.
        let ordered = rules.enumerated().sorted { ($1.element.priority, $0.offset) < ($0.element.priority, $1.offset) }.map(\.element)
        return RuleSet(rules: ordered, tables: tables)
    }

    /// The rule files and table files of `directory`.
    static func files(in directory: String) throws(RuleSetError) -> (rules: [SourceFile], tables: [SourceFile]) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleSetError([RuleDiagnostic(.io, at: SourceLocation(file: directory, line: 1, column: 1), "the rules directory does not exist",
                                               hint: "pass the folder that holds the rule files, e.g. `rules`")])
        }
        var diagnostics = DiagnosticSink()
        func read(_ folder: String, extensions: Set<String>) -> [SourceFile] {
            let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            return entries.sorted().compactMap { entry in
                guard extensions.contains((entry as NSString).pathExtension.lowercased()), !entry.hasPrefix(".") else { return nil }
                let path = (folder as NSString).appendingPathComponent(entry)
                guard let data = manager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    diagnostics.report(.io, at: SourceLocation(file: path, line: 1, column: 1), "the file cannot be read as UTF-8 text")
                    return nil
                }
                return SourceFile(path: path, text: text)
            }
        }
        let rules = read(directory, extensions: ["yaml", "yml"])
        let tables = read((directory as NSString).appendingPathComponent(tablesFolder), extensions: ["yaml", "yml", "csv"])
        guard diagnostics.isEmpty else { throw RuleSetError(diagnostics.diagnostics) }
        return (rules, tables)
    }
}
