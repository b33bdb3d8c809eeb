/// The members of a JSON object, kept sorted by name, each name once.
///
/// Names compare as Swift strings do: by Unicode scalar values after canonical normalization,
/// which for text in NFC (what platforms send in practice, and all of ASCII) is the order of
/// the names' UTF-8 bytes. Equality is canonical equivalence, as for a `[String: JSONValue]`.
///
/// Objects in call events are small (a handful to two dozen members), built once and then read
/// and written. A sorted array serves that better than a hash table: building needs no hashing,
/// a lookup is a short scan or a binary search, writing needs no sort (the writer's stable output
/// order is the storage order) and freeing is one array. In the webhook ingest profile, hashing
/// and sorting the dictionaries this replaces were about a tenth of the request's CPU time.
///
/// It reads like a dictionary: `object["name"]` gets and sets (`nil` removes), iteration yields
/// `(key, value)` pairs, in name order.
public struct JSONObject: Sendable, Hashable {
    /// One member: a name and its value.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Sorted by name, names unique.
    public private(set) var members: [Member]

    /// Up to this many members a lookup scans; beyond, it searches by halves.
    private static let linearScanLimit = 8

    public init() {
        members = []
    }

    /// An object from members in any order; when a name repeats, the last one wins (as with
    /// assigning them one by one, and as JSON parsers commonly do).
    public init(members unordered: consuming [Member]) {
        members = Self.sortedUnique(unordered)
    }

    /// An object with the dictionary's members.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.map { Member(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    /// Sorts stably (insertion sort for the usual small objects), then keeps the last of each name.
    ///
    /// Most objects arrive already in order (the event builders set members by name), so the
    /// input is returned as it is when its names strictly ascend. Sorting and the duplicate check
    /// move members inside the array's storage: copying a member retains its name and value, and
    /// those copies were a seventh of all retains of a webhook request. The array is taken
    /// `consuming`: sorting a borrowed one copied every member first (the caller still held it),
    /// which was 2 % of a webhook request's retains, for every parsed object.
    static func sortedUnique(_ unordered: consuming [Member]) -> [Member] {
        guard unordered.count > 1 else { return unordered }
        if isStrictlyAscending(unordered) { return unordered }
        var sorted: [Member]
        if unordered.count <= 16 {
            sorted = consume unordered
            sorted.withUnsafeMutableBufferPointer { buffer in
                for end in 1..<buffer.count {
                    var position = end
                    while position > 0, buffer[position].key < buffer[position - 1].key {
                        buffer.swapAt(position, position - 1)
                        position -= 1
                    }
                }
            }
        } else {
            // Swift's sort is not stable: the original position breaks ties, so the last wins below.
            sorted = unordered.indices.sorted {
                unordered[$0].key < unordered[$1].key || (unordered[$0].key == unordered[$1].key && $0 < $1)
            }.map { unordered[$0] }
        }
        if isStrictlyAscending(sorted) { return sorted }
        var unique: [Member] = []
        unique.reserveCapacity(sorted.count)
        for member in sorted {
            if let last = unique.last, last.key == member.key {
                unique[unique.count - 1] = member
            } else {
                unique.append(member)
            }
        }
        return unique
    }

    /// True when every name is greater than the one before it: sorted, no name twice.
    private static func isStrictlyAscending(_ members: [Member]) -> Bool {
        members.withUnsafeBufferPointer { buffer in
            guard buffer.count > 1 else { return true }
            for index in 1..<buffer.count where !(buffer[index - 1].key < buffer[index].key) { return false }
            return true
        }
    }

    /// Where `key` is, or where it would be inserted.
    private func position(of key: String) -> (found: Bool, index: Int) {
        if members.count <= Self.linearScanLimit {
            // Equality first: for the short ASCII names of events it compares the strings' bits.
            for index in members.indices where members[index].key == key { return (true, index) }
            return (false, members.firstIndex { key < $0.key } ?? members.count)
        }
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            let name = members[middle].key
            if name < key {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low < members.count && members[low].key == key, low)
    }

    /// The value named `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            // Not a `?:`: JSONValue is ExpressibleByNilLiteral, so `nil` there would read as `.null`.
            let (found, index) = position(of: key)
            guard found else { return nil }
            return members[index].value
        }
        set {
            let (found, index) = position(of: key)
            switch (found, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let (found, index) = position(of: key)
        guard found else { return nil }
        return members.remove(at: index).value
    }

    /// The names, sorted.
    public var keys: [String] { members.map(\.key) }

    /// The values, in name order.
    public var values: [JSONValue] { members.map(\.value) }

    /// The same names with transformed values.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var copy = self
        for index in copy.members.indices { copy.members[index].value = try transform(copy.members[index].value) }
        return copy
    }

    /// The members as a dictionary.
    public var dictionary: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> (key: String, value: JSONValue) {
        (members[position].key, members[position].value)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(members: elements.map { Member(key: $0.0, value: $0.1) })
    }
}
