import SwitchboardEvents

/// Why a template's text could not be parsed; `offset` counts Unicode scalars from the start of the string.
struct TemplateSyntaxError: Error, Sendable {
    var offset: Int
    var message: String
    var expected: String?
}

/// A recursive-descent parser for the expression language inside `{{ … }}`.
struct TemplateParser {
    private let scalars: [Unicode.Scalar]
    private var position: Int
    private let end: Int

    init(scalars: [Unicode.Scalar], start: Int, end: Int) {
        self.scalars = scalars
        self.position = start
        self.end = end
    }

    /// Parses the whole range as one expression.
    mutating func parseExpression() throws(TemplateSyntaxError) -> TemplateExpression {
        let expression = try expression()
        skipSpace()
        guard position == end else {
            throw TemplateSyntaxError(offset: position, message: "unexpected '\(scalars[position])' after the expression", expected: "`}}`")
        }
        return expression
    }

    private mutating func expression() throws(TemplateSyntaxError) -> TemplateExpression {
        skipSpace()
        guard position < end else { throw TemplateSyntaxError(offset: position, message: "the expression is empty", expected: "a path, a string or a function call") }
        let scalar = scalars[position]
        if scalar == "'" || scalar == "\"" { return .literal(.string(try quoted(scalar))) }
        if scalar == "[" { return try list() }
        if scalar == "-" || scalar.properties.numericType != nil && scalar.isASCII { return try number() }
        guard Self.isIdentifierStart(scalar) else {
            throw TemplateSyntaxError(offset: position, message: "unexpected '\(scalar)'", expected: "a path, a string, a number, a list or a function call")
        }
        let start = position
        let name = identifier()
        skipSpace()
        if position < end, scalars[position] == "(" {
            guard let function = TemplateFunction(rawValue: name) else {
                let hint = Suggestion.closest(to: name, in: TemplateFunction.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                throw TemplateSyntaxError(offset: start, message: "unknown function '\(name)'\(hint)",
                                          expected: TemplateFunction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            position += 1
            let arguments = try argumentList(closing: ")")
            guard function.arity.contains(arguments.count) else {
                throw TemplateSyntaxError(offset: start, message: "'\(name)' takes \(function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)") arguments, found \(arguments.count)",
                                          expected: function.signature)
            }
            return .call(function, arguments)
        }
        if ["null", "true", "false"].contains(name) {
            return .literal(name == "null" ? .null : .bool(name == "true"))
        }
        var path = [name]
        while position < end, scalars[position] == "." {
            position += 1
            guard position < end, Self.isIdentifierPart(scalars[position]) else {
                throw TemplateSyntaxError(offset: position, message: "a path segment is missing after '.'", expected: "a field name")
            }
            path.append(identifier())
        }
        return .path(path)
    }

    private mutating func list() throws(TemplateSyntaxError) -> TemplateExpression {
        position += 1
        return .list(try argumentList(closing: "]"))
    }

    private mutating func argumentList(closing: Unicode.Scalar) throws(TemplateSyntaxError) -> [TemplateExpression] {
        var items: [TemplateExpression] = []
        skipSpace()
        if position < end, scalars[position] == closing {
            position += 1
            return items
        }
        while true {
            items.append(try expression())
            skipSpace()
            guard position < end else { throw TemplateSyntaxError(offset: position, message: "'\(closing)' is missing", expected: "`\(closing)`") }
            if scalars[position] == "," {
                position += 1
            } else if scalars[position] == closing {
                position += 1
                return items
            } else {
                throw TemplateSyntaxError(offset: position, message: "unexpected '\(scalars[position])'", expected: "`,` or `\(closing)`")
            }
        }
    }

    private mutating func quoted(_ quote: Unicode.Scalar) throws(TemplateSyntaxError) -> String {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while position < end {
            let scalar = scalars[position]
            position += 1
            if scalar == quote { return String(text) }
            if scalar == "\\", position < end {
                text.append(scalars[position])
                position += 1
            } else {
                text.append(scalar)
            }
        }
        throw TemplateSyntaxError(offset: start, message: "the string is not closed", expected: "a closing \(quote)")
    }

    private mutating func number() throws(TemplateSyntaxError) -> TemplateExpression {
        let start = position
        if scalars[position] == "-" { position += 1 }
        while position < end, scalars[position].isASCII, scalars[position].properties.numericType != nil || scalars[position] == "." { position += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if let integer = Int64(text) { return .literal(.integer(integer)) }
        if let double = Double(text), double.isFinite { return .literal(.double(double)) }
        throw TemplateSyntaxError(offset: start, message: "'\(text)' is not a number", expected: "a number such as 30 or 1.5")
    }

    private mutating func identifier() -> String {
        let start = position
        while position < end, Self.isIdentifierPart(scalars[position]) { position += 1 }
        return String(String.UnicodeScalarView(scalars[start..<position]))
    }

    private mutating func skipSpace() {
        while position < end, scalars[position].properties.isWhitespace { position += 1 }
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || scalar == "-" || (scalar.isASCII && scalar.properties.numericType != nil)
    }
}
