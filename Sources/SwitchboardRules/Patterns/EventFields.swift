import SwitchboardEvents

/// Reads the leaf values at a field path the way EventBridge does.
///
/// An array met on the way is entered element by element, an array at the end offers each of its
/// leaf elements, and objects are not values (so `exists` only sees leaves). A missing path has no
/// values. `null` is a value.
public enum EventFields {
    /// The leaf values at `path`, in document order; empty when the path is absent.
    public static func leaves(of event: JSONValue, at path: [String]) -> [JSONValue] {
        // Fast path: objects all the way down (the usual case) needs no recursion or slices.
        var node = event
        for (depth, key) in path.enumerated() {
            switch node {
            case .object(let members):
                guard let member = members[key] else { return [] }
                node = member
            case .array:
                var output: [JSONValue] = []
                collect(node, path[depth...], into: &output)
                return output
            default:
                return []
            }
        }
        switch node {
        case .object: return []
        case .array:
            var output: [JSONValue] = []
            collect(node, [][...], into: &output)
            return output
        default: return [node]
        }
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
