/// Collects diagnostics while a loader keeps going, so one run reports every error.
struct DiagnosticSink: Sendable {
    private(set) var diagnostics: [RuleDiagnostic] = []

    var isEmpty: Bool { diagnostics.isEmpty }

    mutating func report(_ diagnostic: RuleDiagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func report(_ code: RuleDiagnostic.Code, at location: SourceLocation, _ message: String, expected: String? = nil, hint: String? = nil) {
        diagnostics.append(RuleDiagnostic(code, at: location, message, expected: expected, hint: hint))
    }

    mutating func append(contentsOf other: DiagnosticSink) {
        diagnostics.append(contentsOf: other.diagnostics)
    }
}
