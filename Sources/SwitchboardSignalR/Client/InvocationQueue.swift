import Synchronization

/// The bounded, ordered hand-off from the reading task to the task that runs hub method handlers.
///
/// Handlers run apart from reading so that a handler may itself `invoke` and await a Completion
/// (which the reading task must be free to deliver). When `capacity` invocations wait, the reader
/// waits too, so reading, and with it the socket, pauses instead of memory growing.
final class InvocationQueue: Sendable {
    private struct State {
        var items: [HubInvocation] = []
        var head = 0
        var consumer: CheckedContinuation<HubInvocation?, Never>?
        var producer: CheckedContinuation<Void, Never>?
        var finished = false
        var count: Int { items.count - head }

        mutating func pop() -> HubInvocation {
            let item = items[head]
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            }
            return item
        }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Appends an invocation; waits while the queue is full.
    func push(_ invocation: HubInvocation) async {
        let consumer = state.withLock { state -> CheckedContinuation<HubInvocation?, Never>? in
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.items.append(invocation)
            return nil
        }
        if let consumer {
            consumer.resume(returning: invocation)
            return
        }
        while state.withLock({ $0.count >= capacity && !$0.finished }) {
            await withCheckedContinuation { (producer: CheckedContinuation<Void, Never>) in
                let wait = state.withLock { state -> Bool in
                    guard state.count >= capacity && !state.finished else { return false }
                    state.producer = producer
                    return true
                }
                if !wait { producer.resume() }
            }
        }
    }

    /// The next invocation, or `nil` once finished and drained.
    func next() async -> HubInvocation? {
        await withCheckedContinuation { (consumer: CheckedContinuation<HubInvocation?, Never>) in
            enum Outcome { case item(HubInvocation, CheckedContinuation<Void, Never>?), end, wait }
            let outcome = state.withLock { state -> Outcome in
                if state.count > 0 {
                    let item = state.pop()
                    let producer = state.count < capacity ? state.producer : nil
                    if producer != nil { state.producer = nil }
                    return .item(item, producer)
                }
                if state.finished { return .end }
                state.consumer = consumer
                return .wait
            }
            switch outcome {
            case .item(let item, let producer):
                producer?.resume()
                consumer.resume(returning: item)
            case .end:
                consumer.resume(returning: nil)
            case .wait:
                break
            }
        }
    }

    /// No more invocations: the consumer drains what is queued, then gets `nil`.
    func finish() {
        let (consumer, producer) = state.withLock { state in
            state.finished = true
            defer {
                state.consumer = nil
                state.producer = nil
            }
            return (state.consumer, state.producer)
        }
        consumer?.resume(returning: nil)
        producer?.resume()
    }
}
