import SwitchboardEvents

/// An action argument: literal text, `{{ expression }}` interpolations, or a single expression.
///
/// A template that is exactly one `{{ expression }}` keeps the expression's JSON type (a number
/// stays a number, a missing path is null); any other template is text, with null interpolated
/// as the empty string and objects and arrays as compact JSON.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case text(String)
        case expression(TemplateExpression)
    }

    enum Body: Sendable, Hashable {
        case literal(JSONValue)
        case single(TemplateExpression)
        case parts([Part])
    }

    let body: Body
    /// The template as written.
    public let source: String

    init(body: Body, source: String) {
        self.body = body
        self.source = source
    }

    public var description: String { source }

    /// A template that always yields `value`.
    public static func literal(_ value: JSONValue) -> Template {
        Template(body: .literal(value), source: value.stringValue ?? value.jsonString())
    }

    /// Parses `text`; `{{` starts an expression and `}}` ends it.
    static func parse(_ text: String) throws(TemplateSyntaxError) -> Template {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" {
                guard let close = Self.closing(in: scalars, from: index + 2) else {
                    throw TemplateSyntaxError(offset: index, message: "'{{' is not closed", expected: "`}}`")
                }
                if !literal.isEmpty {
                    parts.append(.text(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                var parser = TemplateParser(scalars: scalars, start: index + 2, end: close)
                parts.append(.expression(try parser.parseExpression()))
                index = close + 2
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.text(String(literal))) }
        switch parts.count {
        case 0: return Template(body: .literal(.string("")), source: text)
        case 1:
            if case .expression(let expression) = parts[0] { return Template(body: .single(expression), source: text) }
            return Template(body: .literal(.string(text)), source: text)
        default: return Template(body: .parts(parts), source: text)
        }
    }

    /// The `}}` that closes an expression, skipping quoted strings so `'}}'` can appear inside one.
    private static func closing(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var quote: Unicode.Scalar?
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" { index += 1 } else if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Every expression in the template, for load-time checks.
    var expressions: [TemplateExpression] {
        switch body {
        case .literal: return []
        case .single(let expression): return [expression]
        case .parts(let parts): return parts.compactMap { if case .expression(let e) = $0 { return e } else { return nil } }
        }
    }

    /// The template's value for one event.
    func evaluate(_ environment: TemplateEnvironment) -> JSONValue {
        switch body {
        case .literal(let value): return value
        case .single(let expression): return environment.evaluate(expression)
        case .parts(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .expression(let expression): text += TemplateEnvironment.text(of: environment.evaluate(expression))
                }
            }
            return .string(text)
        }
    }
}
