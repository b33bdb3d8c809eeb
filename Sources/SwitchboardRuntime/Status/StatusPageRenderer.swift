import SwitchboardEvents

/// Renders the status page: self-contained HTML (no external assets) with the current status
/// already in it, plus a few lines of script that fetch `/status.json` every
/// `refreshSeconds` and re-render the same layout. Every value is HTML-escaped (server side) or
/// set as text (script side): event fields are untrusted.
struct StatusPageRenderer: Sendable {
    var layout: StatusLayout = .standard
    var refreshSeconds: Int = 2
    var jsonPath: String = "/status.json"

    func render(_ document: JSONValue) -> String {
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Switchboard status</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(Self.style)</style></head>
        <body><header><h1>Switchboard</h1><span id="refresh">refreshes every \(refreshSeconds) s</span></header>
        <main><div class="facts">
        """
        for facts in layout.facts {
            html += "<section id=\"s-\(facts.id)\"><h2>\(HTMLEscaping.escape(facts.title))</h2><dl>"
            for item in facts.items {
                let value = Self.format(document.value(atPath: item.path))
                html += "<dt>\(HTMLEscaping.escape(item.label))</dt><dd id=\"f-\(item.path)\">\(HTMLEscaping.escape(value))</dd>"
            }
            html += "</dl></section>"
        }
        html += "</div>"
        for table in layout.tables {
            html += "<section id=\"s-\(table.id)\"><h2>\(HTMLEscaping.escape(table.title))</h2><table><thead><tr>"
            html += table.columns.map { "<th>\(HTMLEscaping.escape($0.header))</th>" }.joined()
            html += "</tr></thead><tbody id=\"t-\(table.id)\">"
            let rows = document.value(atPath: table.path)?.arrayValue ?? []
            if rows.isEmpty {
                html += "<tr class=\"empty\"><td colspan=\"\(table.columns.count)\">none</td></tr>"
            }
            for row in rows {
                html += "<tr>" + table.columns.map { column in
                    let value = Self.format(row[column.field])
                    return "<td class=\"\(Self.cellClass(value))\">\(HTMLEscaping.escape(value))</td>"
                }.joined() + "</tr>"
            }
            html += "</tbody></table></section>"
        }
        // The layout is static (no sender data); `</` is still escaped so it can never end the script.
        let layoutJSON = String(decoding: layout.json.jsonBytes(), as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        html += """
        </main>
        <script>
        const layout = \(layoutJSON);
        \(Self.script(jsonPath: jsonPath, refreshSeconds: refreshSeconds))
        </script>
        </body></html>
        """
        return html
    }

    /// How a value reads on the page; the script's `fmt` does the same.
    static func format(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return "—"
        case .bool(let flag)?: return flag ? "yes" : "no"
        case .string(let text)?: return text
        case .integer(let number)?: return String(number)
        case .double(let number)?:
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let other?: return String(decoding: other.jsonBytes(), as: UTF8.self)
        }
    }

    /// Colours states at a glance; the script's `cls` does the same.
    static func cellClass(_ value: String) -> String {
        switch value {
        case "connected", "yes": "good"
        case "disconnected", "no": "bad"
        default: ""
        }
    }

    private static func script(jsonPath: String, refreshSeconds: Int) -> String {
        """
        const get = (o, p) => p.split('.').reduce((v, k) => (v == null ? v : v[k]), o);
        const fmt = v => v == null ? '—' : v === true ? 'yes' : v === false ? 'no' : String(v);
        const cls = t => t === 'connected' || t === 'yes' ? 'good' : t === 'disconnected' || t === 'no' ? 'bad' : '';
        function cell(tag, text, colspan) {
          const c = document.createElement(tag); c.textContent = text; c.className = cls(text);
          if (colspan) c.colSpan = colspan; return c;
        }
        function render(doc) {
          for (const f of layout.facts) for (const p of f.paths) {
            const dd = document.getElementById('f-' + p); if (dd) dd.textContent = fmt(get(doc, p));
          }
          for (const t of layout.tables) {
            const body = document.getElementById('t-' + t.id), rows = get(doc, t.path) || [];
            const trs = rows.map(r => { const tr = document.createElement('tr'); for (const k of t.fields) tr.appendChild(cell('td', fmt(r[k]))); return tr; });
            if (!trs.length) { const tr = document.createElement('tr'); tr.className = 'empty'; tr.appendChild(cell('td', 'none', t.fields.length)); trs.push(tr); }
            body.replaceChildren(...trs);
          }
        }
        async function refresh() {
          try {
            const r = await fetch('\(jsonPath)', {cache: 'no-store'});
            render(await r.json());
            document.getElementById('refresh').textContent = 'updated ' + new Date().toISOString();
          } catch (e) {
            document.getElementById('refresh').textContent = 'cannot reach switchboard: ' + e;
          }
        }
        refresh();
        setInterval(refresh, \(refreshSeconds * 1000));
        """
    }

    private static let style = """
    body{font:14px system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
    header{display:flex;gap:1em;align-items:baseline;padding:.5em 1em;background:#234;color:#fff}
    h1{font-size:1.3em;margin:0} h2{font-size:1.05em;margin:.2em 0} #refresh{font-size:.85em;opacity:.8}
    main{padding:0 1em} .facts{display:flex;flex-wrap:wrap;gap:1em}
    section{margin:.8em 0;background:#fff;border:1px solid #ddd;padding:.5em .8em;border-radius:4px}
    dl{display:grid;grid-template-columns:auto auto;gap:.1em .8em;margin:0} dt{color:#666} dd{margin:0;word-break:break-all}
    table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.15em .5em;border-bottom:1px solid #eee;word-break:break-all}
    th{color:#666;font-weight:600} .good{color:#070} .bad{color:#b00;font-weight:600} tr.empty td{color:#999}
    """
}
