import SwitchboardEvents
import Yams

/// Reads lookup tables from CSV or YAML text.
enum TableParser {
    static func parse(name: String, file: String, text: String, diagnostics: inout DiagnosticSink) -> LookupTable? {
        if file.hasSuffix(".csv") { return csv(name: name, file: file, text: text, diagnostics: &diagnostics) }
        return yaml(name: name, file: file, text: text, diagnostics: &diagnostics)
    }

    private static func yaml(name: String, file: String, text: String, diagnostics: inout DiagnosticSink) -> LookupTable? {
        let source: YAMLSource
        switch YAMLSource.parse(text, file: file) {
        case .success(let parsed): source = parsed
        case .failure(let diagnostic):
            diagnostics.report(diagnostic)
            return nil
        }
        switch source.root {
        case .mapping(let mapping)?:
            var entries: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let text = key.scalarText else {
                    diagnostics.report(.badTable, at: source.location(key), "table keys must be scalars", expected: "`key: value`")
                    continue
                }
                entries[text] = value.jsonValue
            }
            return LookupTable(name: name, entries: entries)
        case .sequence(let sequence)?:
            return LookupTable(name: name, list: sequence.map(\.jsonValue))
        default:
            diagnostics.report(.badTable, at: source.location(source.root), "a YAML table must be a mapping (for lookup) or a list (for roundRobin)",
                               expected: "`key: value` lines or `- value` lines")
            return nil
        }
    }

    private static func csv(name: String, file: String, text: String, diagnostics: inout DiagnosticSink) -> LookupTable? {
        let rows = CSVReader.rows(text)
        guard let header = rows.first, !header.fields.isEmpty else {
            diagnostics.report(.badTable, at: SourceLocation(file: file, line: 1, column: 1), "the CSV table is empty",
                               expected: "a header row, then one row per entry", hint: "start with `key,value`")
            return nil
        }
        let columns = header.fields.count
        guard columns <= 2 else {
            diagnostics.report(.badTable, at: SourceLocation(file: file, line: header.line, column: 1), "a CSV table has one column (a list) or two (key and value), found \(columns)",
                               expected: "`key,value` or `value`")
            return nil
        }
        var table = LookupTable(name: name)
        for row in rows.dropFirst() {
            guard row.fields.count == columns else {
                diagnostics.report(.badTable, at: SourceLocation(file: file, line: row.line, column: 1), "this row has \(row.fields.count) fields, the header has \(columns)",
                                   expected: "\(columns) comma-separated fields", hint: "quote values that contain commas")
                continue
            }
            if columns == 1 {
                table.list.append(.string(row.fields[0]))
            } else {
                if table.entries[row.fields[0]] != nil {
                    diagnostics.report(.badTable, at: SourceLocation(file: file, line: row.line, column: 1), "the key '\(row.fields[0])' appears twice",
                                       hint: "keep one row per key")
                }
                table.entries[row.fields[0]] = .string(row.fields[1])
            }
        }
        return table
    }
}
