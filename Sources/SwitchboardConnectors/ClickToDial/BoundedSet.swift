/// A set that forgets its oldest members beyond `capacity`: remembers what was already done
/// without growing for ever.
struct BoundedSet {
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func contains(_ member: String) -> Bool { members.contains(member) }

    /// Adds `member`; `false` when it was already there.
    mutating func insert(_ member: String) -> Bool {
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
