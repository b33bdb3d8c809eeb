import SwitchboardEvents

/// The field paths a normalized `CallEvent` can have, so a misspelt path in a pattern or template
/// is reported at load time instead of silently never matching.
///
/// Below `data.original`, `data.relatedIds`, `data.variables` and `data.billing.relationships` any path is allowed:
/// they hold platform payloads and open-ended maps.
enum EventSchemaPaths {
    private indirect enum Shape {
        case leaf
        case open
        case object([String: Shape])
    }

    private static let party: Shape = .object(["number": .leaf, "e164": .leaf, "name": .leaf, "user": .leaf, "kind": .leaf])

    private static let root: Shape = .object([
        "specversion": .leaf, "id": .leaf, "source": .leaf, "type": .leaf, "subject": .leaf, "time": .leaf,
        "datacontenttype": .leaf, "dataschema": .leaf, "platform": .leaf, "partitionkey": .leaf,
        "traceparent": .leaf, "tracestate": .leaf,
        "data": .object([
            "callId": .leaf, "relatedIds": .open, "state": .leaf, "platformState": .leaf, "leg": .leaf,
            "reason": .object(["code": .leaf, "leg": .leaf, "platformReason": .leaf]),
            "direction": .leaf, "from": party, "to": party, "diverter": party,
            "queue": .object(["blocId": .leaf, "eventName": .leaf, "blocData": .leaf, "operatorId": .leaf]),
            "callContextId": .leaf,
            "durations": .object(["totalSeconds": .leaf, "talkSeconds": .leaf, "billedSeconds": .leaf]),
            "recording": .object(["status": .leaf, "reference": .leaf, "url": .leaf, "file": .leaf]),
            "billing": .object(["amount": .leaf, "currency": .leaf, "rate": .leaf, "disconnectCode": .leaf,
                                "disconnectReason": .leaf, "relationships": .open]),
            "startedAt": .leaf, "answeredAt": .leaf, "endedAt": .leaf, "variables": .open, "original": .open,
        ]),
    ])

    /// Why `path` is not a field of a call event, or nil when it is one.
    ///
    /// `allowObjects`: templates may take a whole object (`data.from`); patterns need leaves.
    static func problem(with path: [String], allowObjects: Bool) -> (message: String, hint: String?)? {
        var shape = root
        for (depth, segment) in path.enumerated() {
            switch shape {
            case .open:
                return nil
            case .leaf:
                let parent = path[..<depth].joined(separator: ".")
                return ("'\(parent)' is a value, it has no field '\(segment)'", "remove '.\(path[depth...].joined(separator: "."))'")
            case .object(let members):
                guard let next = members[segment] else {
                    let parent = depth == 0 ? "a call event" : "'\(path[..<depth].joined(separator: "."))'"
                    let hint = Suggestion.hint(for: segment, in: members.keys.sorted())
                    return ("\(parent) has no field '\(segment)'", hint)
                }
                shape = next
            }
        }
        if case .object(let members) = shape, !allowObjects {
            return ("'\(path.joined(separator: "."))' is an object, patterns match its fields",
                    "name a field inside it: \(members.keys.sorted().joined(separator: ", "))")
        }
        return nil
    }

    /// The closed vocabulary of a field, when it has one.
    static func vocabulary(of path: [String]) -> [String]? {
        switch path {
        case ["type"]: return CallEventType.allCases.map(\.rawValue)
        case ["platform"]: return Platform.allCases.map(\.rawValue)
        case ["data", "state"]: return CallState.allCases.map(\.rawValue)
        case ["data", "direction"]: return CallDirection.allCases.map(\.rawValue)
        case ["data", "leg"], ["data", "reason", "leg"]: return CallLeg.allCases.map(\.rawValue)
        case ["data", "reason", "code"]: return EndReason.allCases.map(\.rawValue)
        default: return nil
        }
    }
}
