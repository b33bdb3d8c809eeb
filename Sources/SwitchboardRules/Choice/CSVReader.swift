/// A small RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and newlines.
enum CSVReader {
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The non-blank rows of `text`, each with the line it starts on; `#` lines are comments.
    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var iterator = text.makeIterator()
        var pending: Character?
        func finishRow() {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].trimmingSpaces.isEmpty
            if !blank, !(fields.first?.hasPrefix("#") ?? false) {
                rows.append(Row(line: rowLine, fields: fields.map(\.trimmingSpaces)))
            }
            fields = []
            field = ""
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.trimmingSpaces.isEmpty: quoted = true; field = ""
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                finishRow()
                line += 1
                rowLine = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { finishRow() }
        return rows
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
