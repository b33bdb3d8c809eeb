/// The most recent `capacity` elements, oldest first: a ring buffer that never grows.
struct BoundedHistory<Element: Sendable>: Sendable {
    let capacity: Int
    private var storage: [Element] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        storage.reserveCapacity(self.capacity)
    }

    mutating func append(_ element: Element) {
        guard capacity > 0 else { return }
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[next] = element
        }
        next = (next + 1) % capacity
    }

    /// Newest first, as people read a log of recent things.
    var newestFirst: [Element] {
        guard storage.count == capacity, capacity > 0 else { return storage.reversed() }
        return Array((storage[next...] + storage[..<next]).reversed())
    }
}
