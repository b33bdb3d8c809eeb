/// A position in a rule, table or test file (1-based line and column, columns in Unicode scalars).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found while loading rules, tables or rule tests.
///
/// `description` is the line integrators see from `switchboard rules check`:
/// `file:line:column: error: <what> (expected <…>) hint: <…>`.
public struct RuleDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code per class of error, for tooling and tests.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case io = "io"
        case yamlSyntax = "yaml-syntax"
        case invalidStructure = "invalid-structure"
        case unknownKey = "unknown-key"
        case duplicateRule = "duplicate-rule"
        case unknownOperator = "unknown-operator"
        case wrongValueType = "wrong-value-type"
        case unknownField = "unknown-field"
        case unknownAction = "unknown-action"
        case unknownArgument = "unknown-argument"
        case missingArgument = "missing-argument"
        case badTemplate = "bad-template"
        case badTemplatePath = "bad-template-path"
        case missingTable = "missing-table"
        case badTable = "bad-table"
        case badTest = "bad-test"
    }

    public var code: Code
    /// Where the problem is: the offending key or value.
    public var location: SourceLocation
    /// What is wrong, in the integrator's words.
    public var message: String
    /// What would have been accepted at this place.
    public var expected: String?
    /// How to fix it.
    public var hint: String?

    public init(_ code: Code, at location: SourceLocation, _ message: String, expected: String? = nil, hint: String? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.expected = expected
        self.hint = hint
    }

    public var description: String {
        var text = "\(location): error: \(message)"
        if let expected { text += " (expected \(expected))" }
        if let hint { text += " hint: \(hint)" }
        return text
    }
}

/// A rule set could not be loaded; every problem found is listed, in file and line order.
public struct RuleSetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [RuleDiagnostic]

    public init(_ diagnostics: [RuleDiagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
