import SwitchboardEvents

/// Reads the leaf values at a field path the way EventBridge does.
///
/// An array met on the way is entered element by element, an array at the end offers each of its
/// leaf elements, and objects are not values (so `exists` only sees leaves). A missing path has no
/// values. `null` is a value.
public enum EventFields {
    /// The leaf values at `path`, in document order; empty when the path is absent.
    public static func leaves(of event: JSONValue, at path: [String]) -> [JSONValue] {
        switch FieldLeaves(of: event, at: path) {
        case .none: []
        case .one(let value): [value]
        case .many(let values): values
        }
    }

    /// The leaves below `node`, an array met while following a path, with `rest` the part of
    /// the path not yet followed.
    static func leaves(below node: JSONValue, following rest: ArraySlice<String>) -> [JSONValue] {
        var output: [JSONValue] = []
        collect(node, rest, into: &output)
        return output
    }

    private static func collect(_ node: JSONValue, _ path: ArraySlice<String>, into output: inout [JSONValue]) {
        switch node {
        case .array(let elements):
            for element in elements { collect(element, path, into: &output) }
        case .object(let members):
            guard let key = path.first, let member = members[key] else { return }
            collect(member, path.dropFirst(), into: &output)
        default:
            if path.isEmpty { output.append(node) }
        }
    }
}
