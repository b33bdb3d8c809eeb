import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Paced CloudEvents POSTs (CAMARA Click-to-Dial status notifications, structured mode) to a
/// webhook route, each with a unique id, remembering which ones were answered 2xx.
final class SoakWebhookLoad: Sendable {
    struct Counts: Sendable {
        var sent = 0
        var accepted = 0
        var refused: [UInt: Int] = [:]
        var transportErrors = 0
        /// Sends skipped because `maxInFlight` requests were already waiting.
        var skipped = 0
    }

    let url: String
    let token: String
    let rate: Int
    let maxInFlight: Int
    private let counts = Mutex(Counts())
    /// Accepted request numbers as a bitmap: a Set of 100k+ strings would weigh on the resident
    /// memory the soak measures (serve runs in this process).
    private let acceptedBits = Mutex<[UInt64]>([])
    private let inFlight = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)

    init(url: String, token: String, rate: Int, maxInFlight: Int = 256) {
        self.url = url
        self.token = token
        self.rate = rate
        self.maxInFlight = maxInFlight
    }

    var snapshot: Counts { counts.withLock { $0 } }
    /// The numbers of the requests answered 2xx (ids are `soak-<number>`).
    var accepted: [Int] {
        acceptedBits.withLock { words in
            words.indices.flatMap { index in (0..<64).filter { words[index] & (1 << UInt64($0)) != 0 }.map { index * 64 + $0 } }
        }
    }

    static func id(_ number: Int) -> String { "soak-\(number)" }

    /// Stops sending; `run` returns once the requests under way are answered.
    func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Sends at `rate` per second until `stop()`, then waits for the answers (no request is
    /// cancelled half-way, so every request counts as accepted or refused).
    func run() async {
        let start = ContinuousClock.now
        var sequence = 0
        await withDiscardingTaskGroup { group in
            while !stopRequested.load(ordering: .relaxed) {
                // Catch up to the schedule: send what is due, then sleep a tick.
                let due = Int(Double(rate) * (ContinuousClock.now - start).seconds)
                while sequence < due {
                    sequence += 1
                    guard inFlight.load(ordering: .relaxed) < maxInFlight else {
                        counts.withLock { $0.skipped += 1 }
                        continue
                    }
                    inFlight.add(1, ordering: .relaxed)
                    let number = sequence
                    group.addTask { [self] in
                        await post(number: number)
                        inFlight.subtract(1, ordering: .relaxed)
                    }
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    private func post(number: Int) async {
        let id = Self.id(number), call = number / 4, step = number % 4
        // Four events per call so per-call ordering and keys are exercised, ~500 bytes each.
        let states = ["callingCaller", "callingCallee", "connected", "disconnected"]
        let body = """
        {"specversion":"1.0","id":"\(id)","source":"https://soak.example.com/click-to-dial",\
        "type":"org.camaraproject.click-to-dial.v0.status-changed","time":"\(Date().ISO8601Format())",\
        "datacontenttype":"application/json","data":{"callId":"soak-call-\(call)","caller":"+447700900000",\
        "callee":"+447700900123","status":{"state":"\(states[step])"},"timestamp":"\(Date().ISO8601Format())"}}
        """
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/cloudevents+json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(string: body))
        counts.withLock { $0.sent += 1 }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 20)
            if (200..<300).contains(response.status.code) {
                acceptedBits.withLock { words in
                    while words.count <= number / 64 { words.append(0) }
                    words[number / 64] |= 1 << UInt64(number % 64)
                }
                counts.withLock { $0.accepted += 1 }
            } else {
                counts.withLock { $0.refused[response.status.code, default: 0] += 1 }
            }
        } catch {
            counts.withLock { $0.transportErrors += 1 }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
