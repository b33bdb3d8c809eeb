import SwitchboardEvents

/// The leaf values at one field path of an event, as `EventFields.leaves` finds them, without an
/// array for the usual case of exactly one leaf.
///
/// The rule index looks up every path its rules use once per event; an array per path was about
/// a tenth of a webhook request's allocations, nearly all holding a single value.
enum FieldLeaves: Sequence {
    case none
    case one(JSONValue)
    case many([JSONValue])

    /// The leaves at `path` in `event`, in document order.
    init(of event: JSONValue, at path: [String]) {
        // Objects all the way down (the usual case) needs no recursion or slices.
        var node = event
        for (depth, key) in path.enumerated() {
            switch node {
            case .object(let members):
                guard let member = members[key] else {
                    self = .none
                    return
                }
                node = member
            case .array:
                self = Self(EventFields.leaves(below: node, following: path[depth...]))
                return
            default:
                self = .none
                return
            }
        }
        switch node {
        case .object: self = .none
        case .array: self = Self(EventFields.leaves(below: node, following: path[path.endIndex...]))
        default: self = .one(node)
        }
    }

    private init(_ values: [JSONValue]) {
        switch values.count {
        case 0: self = .none
        case 1: self = .one(values[0])
        default: self = .many(values)
        }
    }

    var isEmpty: Bool {
        if case .none = self { return true }
        return false
    }

    func makeIterator() -> Iterator {
        Iterator(leaves: self)
    }

    struct Iterator: IteratorProtocol {
        let leaves: FieldLeaves
        var position = 0

        // Statements, not `condition ? value : nil`: JSONValue is ExpressibleByNilLiteral, so that
        // `nil` would be JSON null, a value, and the iteration would never end.
        mutating func next() -> JSONValue? {
            let current = position
            position += 1
            switch leaves {
            case .none:
                return Optional.none
            case .one(let value):
                guard current == 0 else { return Optional.none }
                return value
            case .many(let values):
                guard current < values.count else { return Optional.none }
                return values[current]
            }
        }
    }
}
