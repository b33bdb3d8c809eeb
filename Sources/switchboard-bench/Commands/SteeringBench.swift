import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardSignalR
import Synchronization

/// `switchboard-bench steering`: `BlocEvent` received → `SetVariable` sent, through a loopback hub.
///
/// The hub (Tests/tools/steering_hub.py) timestamps each `BlocEvent` it sends and the matching
/// `SetVariable` it receives, so it measures the whole round trip. The same hub is first driven by a
/// minimal Python client (the baseline: parse, decide, answer), then by Switchboard's SignalR client
/// with a queue-steering decision; the difference is what Switchboard adds.
struct SteeringBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steering",
        abstract: "BlocEvent → SetVariable latency at a fixed rate, and peak events/s, against a loopback hub."
    )

    @Option(help: "Events per second for the latency run.")
    var rate: Int = 1000

    @Option(help: "Events in the latency run.")
    var count: Int = 10_000

    @Option(help: "Events in the throughput run (sent as fast as the hub can).")
    var burst: Int = 20_000

    @Option(help: "Repository root (for .venv and Tests/tools).")
    var repository: String = "."

    struct Figures {
        var p50: Double
        var p99: Double
        var max: Double
        var answered: Int
        var seconds: Double

        init(_ values: [Double]) {
            p50 = values.count > 0 ? values[0] : -1
            p99 = values.count > 1 ? values[1] : -1
            max = values.count > 2 ? values[2] : -1
            answered = values.count > 3 ? Int(values[3]) : 0
            seconds = values.count > 4 ? values[4] : 0
        }
    }

    func run() async throws {
        let python = try HelperProcess.python(repository: repository)
        let script = "\(repository)/Tests/tools/steering_hub.py"
        let hub = try HelperProcess(executable: python, arguments: ["-u", script])
        defer { hub.stop() }
        let port = try hub.readyPort()

        progress("hub on port \(port); baseline latency run")
        let baseline = try pythonClient(python: python, script: script, port: port, rate: rate, count: count)
        progress("switchboard latency run")
        let switchboard = try await switchboardClient(port: port, rate: rate, count: count)
        progress("baseline throughput run")
        let baselineBurst = try pythonClient(python: python, script: script, port: port, rate: 0, count: burst)
        progress("switchboard throughput run")
        let switchboardBurst = try await switchboardClient(port: port, rate: 0, count: burst)

        func cell(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func row(_ name: String, _ figures: Figures) -> String {
            name.padding(toLength: 32, withPad: " ", startingAt: 0)
                + [figures.p50, figures.p99, figures.max].map { cell(String(Int($0.rounded())), 9) }.joined()
                + cell(String(figures.answered), 10)
        }
        print("BlocEvent → SetVariable round trip through a loopback hub at \(rate)/s, \(count) events (µs)")
        print("client".padding(toLength: 32, withPad: " ", startingAt: 0) + cell("p50", 9) + cell("p99", 9) + cell("max", 9) + cell("answered", 10))
        print(row("python baseline (websockets)", baseline))
        print(row("switchboard SignalRClient", switchboard))
        print("added by switchboard vs baseline: p50 \(Int((switchboard.p50 - baseline.p50).rounded())) µs, p99 \(Int((switchboard.p99 - baseline.p99).rounded())) µs")
        print("peak: \(burst) events sent as fast as the hub can; answered per second")
        print("python baseline: \(Int(Double(baselineBurst.answered) / baselineBurst.seconds)) events/s; switchboard: \(Int(Double(switchboardBurst.answered) / switchboardBurst.seconds)) events/s")
    }

    private func progress(_ text: String) {
        FileHandle.standardError.write(Data("steering: \(text)\n".utf8))
    }

    private func pythonClient(python: String, script: String, port: Int, rate: Int, count: Int) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", script, "--client", "\(port)", "\(rate)", "\(count)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("RESULT ") } ?? ""
        return Figures(line.split(separator: " ").dropFirst().compactMap { Double($0) })
    }

    private func switchboardClient(port: Int, rate: Int, count: Int) async throws -> Figures {
        let client = SignalRClient(configuration: SignalRConfiguration(hubURL: "http://127.0.0.1:\(port)/steer", invocationTimeoutSeconds: 60))
        let operatorId: JSONValue = "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"
        client.on("BlocEvent") { arguments in
            // The steering decision a rule would make: VIP callers entering a queue go to one operator.
            if arguments.count == 8, arguments[1] == "QUEUE_ENTER", arguments[3] == "VIP" {
                try client.send("SetVariable", arguments: [arguments[7], "PICKUP_OPERATOR", operatorId])
            }
            return nil
        }
        let result = Mutex<[Double]?>(nil)
        client.on("Result") { arguments in
            result.withLock { $0 = arguments.compactMap(\.doubleValue) }
            return nil
        }
        try await client.start()
        try client.send("Start", arguments: [.integer(Int64(rate)), .integer(Int64(count))])
        let deadline = ContinuousClock.now + .seconds(Double(count) / Double(max(rate, 1000)) + 15)
        while result.withLock({ $0 }) == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if result.withLock({ $0 }) == nil { progress("no result from the hub; client statistics: \(client.statistics)") }
        await client.stop()
        return Figures(result.withLock { $0 } ?? [])
    }
}
