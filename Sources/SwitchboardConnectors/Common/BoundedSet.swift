/// A set that forgets its oldest members beyond `capacity`: remembers what was already done
/// without growing for ever.
public struct BoundedSet: Sendable {
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func contains(_ member: String) -> Bool { members.contains(member) }

    /// Adds `member`; `false` when it was already there.
    public mutating func insert(_ member: String) -> Bool {
        guard members.insert(member).inserted else { return false }
        order.append(member)
        if members.count > capacity {
            members.remove(order[head])
            head += 1
            if head > capacity {
                order.removeFirst(head)
                head = 0
            }
        }
        return true
    }
}
