import SwitchboardEvents

/// What the status page shows, as data: which facts and tables, read from which paths of the
/// status document. The server renders the first view from it and the page's script re-renders
/// from the same layout (embedded in the page) on every refresh, so the two never disagree.
struct StatusLayout: Sendable {
    /// A list of label/value pairs (`path` is a dotted path in the status document).
    struct Facts: Sendable {
        var id: String
        var title: String
        var items: [(label: String, path: String)]
    }

    /// A table whose rows are the array at `path`; each column reads `field` of a row.
    struct Table: Sendable {
        var id: String
        var title: String
        var path: String
        var columns: [(header: String, field: String)]
    }

    var facts: [Facts]
    var tables: [Table]

    static let standard = StatusLayout(
        facts: [
            Facts(id: "overview", title: "Overview", items: [
                ("Ready", "ready"), ("Version", "version"), ("Started", "startedAt"), ("Page time", "now"),
            ]),
            Facts(id: "kafka", title: "Kafka", items: [
                ("State", "kafka.state"), ("Bootstrap", "kafka.bootstrap"), ("Embedded", "kafka.embedded"),
                ("In flight", "kafka.inFlight"), ("librdkafka queue", "kafka.queueLength"),
            ]),
            Facts(id: "rules", title: "Rule set", items: [
                ("Version", "rules.version"), ("Rules", "rules.rules"), ("Loaded", "rules.loadedAt"),
                ("Last reload error", "rules.lastError"), ("Error at", "rules.lastErrorAt"),
            ]),
            Facts(id: "rates", title: "Rates (per second, last minute)", items: [
                ("Events/s", "rates.eventsPerSecond"), ("Actions/s", "rates.actionsPerSecond"),
                ("Action failures/s", "rates.actionFailuresPerSecond"), ("Platform actions pending", "rates.actionsPending"),
            ]),
        ],
        tables: [
            Table(id: "sources", title: "Sources", path: "sources", columns: [
                ("Source", "name"), ("State", "state"), ("Detail", "detail"), ("Since", "since"),
                ("Last event", "lastEventAt"), ("Events", "eventsReceived"), ("Reconnects", "reconnects"),
            ]),
            Table(id: "components", title: "Readiness", path: "components", columns: [
                ("Component", "name"), ("Ready", "ready"), ("Detail", "detail"),
            ]),
            Table(id: "events", title: "Recent events", path: "recentEvents", columns: [
                ("Time", "time"), ("Type", "type"), ("Source", "source"), ("Call", "callId"), ("Event id", "id"),
            ]),
            Table(id: "failures", title: "Recent action failures", path: "recentFailures", columns: [
                ("Time", "time"), ("Rule", "rule"), ("Action", "action"), ("Error", "error"), ("Event id", "eventId"),
            ]),
        ]
    )

    /// The layout as JSON, for the page's script.
    var json: JSONValue {
        [
            "facts": .array(facts.map { facts in
                ["id": .string(facts.id), "paths": .array(facts.items.map { .string($0.path) })]
            }),
            "tables": .array(tables.map { table in
                ["id": .string(table.id), "path": .string(table.path), "fields": .array(table.columns.map { .string($0.field) })]
            }),
        ]
    }
}
