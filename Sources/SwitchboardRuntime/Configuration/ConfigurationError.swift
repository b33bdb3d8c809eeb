/// One problem in a configuration file: where it is and what is wrong.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the key (`http.port`), or empty for the whole file.
    public let path: String
    /// 1-based line and column, when known.
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        let location = line.map { line in column.map { "\(line):\($0)" } ?? "\(line)" }
        return [location, path.isEmpty ? nil : path].compactMap { $0 }.joined(separator: ": ") + ": " + message
    }
}

/// A configuration file that cannot be used, with every problem found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file cannot be read.
        case unreadable
        /// The file is not valid YAML.
        case syntax
        /// Values are missing, of the wrong type or out of range.
        case invalid
    }

    public let code: Code
    public let file: String
    public let problems: [ConfigurationProblem]

    public init(code: Code, file: String, problems: [ConfigurationProblem]) {
        self.code = code
        self.file = file
        self.problems = problems
    }

    public var description: String {
        problems.map { "\(file):\($0)" }.joined(separator: "\n")
    }
}
