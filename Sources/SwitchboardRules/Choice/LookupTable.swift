import SwitchboardEvents

/// A table beside the rules: a key → value map for `lookup`, or a list for `roundRobin`.
///
/// CSV files with two columns (header row first) are maps of the first column to the second; CSV
/// files with one column are lists. YAML files are maps (a mapping) or lists (a sequence).
public struct LookupTable: Sendable, Hashable {
    /// The file's base name (`vip-callers` for `tables/vip-callers.csv`).
    public var name: String
    /// Key → value entries, for `lookup`.
    public var entries: [String: JSONValue]
    /// Elements in order, for `roundRobin`.
    public var list: [JSONValue]

    public init(name: String, entries: [String: JSONValue] = [:], list: [JSONValue] = []) {
        self.name = name
        self.entries = entries
        self.list = list
    }

    public var isList: Bool { entries.isEmpty && !list.isEmpty }
}
