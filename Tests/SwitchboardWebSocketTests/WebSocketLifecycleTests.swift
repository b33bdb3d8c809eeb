import Foundation
import SwitchboardLiveTestSupport
import SwitchboardWebSocket
import Testing

/// Clean shutdown: every connection's service thread is gone after close or after the last reference drops.
@Suite("WebSocket client lifecycle", .serialized, .timeLimit(.minutes(1)))
struct WebSocketLifecycleTests {
    /// Threads of this process (Linux `/proc`) with the name these tests give their connections,
    /// so connections of suites running in parallel are not counted.
    static let threadName = "ws-lifecycle"

    static func serviceThreads() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix(threadName)
        }.count
    }

    @Test("connect and close many times leaves no service thread behind")
    func noThreadLeak() async throws {
        let peer = try await PythonPeer.start(script: "ws_server.py")
        for index in 0..<20 {
            let connection = try await WebSocketConnection.connect(WebSocketConfiguration(url: "ws://127.0.0.1:\(peer.port)/echo", threadName: Self.threadName))
            try connection.send(text: "\(index)")
            var iterator = connection.messages.makeAsyncIterator()
            #expect(await iterator.next() == .text("\(index)"))
            await connection.close()
        }
        #expect(Self.serviceThreads() == 0)
    }

    @Test("dropping the last reference closes the connection and ends its thread")
    func dropWithoutClose() async throws {
        let peer = try await PythonPeer.start(script: "ws_server.py")
        do {
            let connection = try await WebSocketConnection.connect(WebSocketConfiguration(url: "ws://127.0.0.1:\(peer.port)/echo", threadName: Self.threadName))
            try connection.send(text: "bye")
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while Self.serviceThreads() > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Self.serviceThreads() == 0)
    }

    @Test("a message consumer that is cancelled ends its iteration")
    func cancelledConsumer() async throws {
        let peer = try await PythonPeer.start(script: "ws_server.py")
        let connection = try await WebSocketConnection.connect(WebSocketConfiguration(url: "ws://127.0.0.1:\(peer.port)/echo"))
        let consumer = Task {
            var count = 0
            for await _ in connection.messages { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(100))
        consumer.cancel()
        #expect(await consumer.value == 0)
        #expect(connection.isOpen)
        await connection.close()
    }
}
