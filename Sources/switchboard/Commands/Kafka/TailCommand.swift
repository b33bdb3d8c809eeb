import ArgumentParser
import Foundation
import SwitchboardEvents
import SwitchboardKafka

/// `switchboard tail`: prints what lands on a topic as one CloudEvent JSON per line, whichever
/// binding mode the records were written in.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the records of a Kafka topic as CloudEvent JSON lines.",
        discussion: """
            Records in binary mode (ce_ headers) and structured mode (application/cloudevents+json) are both \
            decoded back into Switchboard call events. A record that is not one is reported on stderr and skipped.
            """
    )

    @Option(help: "`embedded` (read the bootstrap file) or a broker list host:port[,host:port].")
    var brokers = KafkaConfiguration.embeddedBrokers

    @Option(help: "The bootstrap file written by the embedded cluster.")
    var bootstrapFile = BootstrapFile.defaultPath

    @Option(help: "The topic to read.")
    var topic: String

    @Flag(help: "Start at the oldest record instead of new ones.")
    var fromBeginning = false

    @Option(help: "Stop after this many records.")
    var count: Int?

    @Option(help: "Stop after this many seconds without a record (default: never).")
    var idleTimeout: Double?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if let idleTimeout, idleTimeout <= 0 { throw ValidationError("--idle-timeout must be positive") }
    }

    func run() throws {
        let servers = try BootstrapFile.resolve(brokers: brokers, bootstrapFile: bootstrapFile)
        let consumer = try KafkaConsumer(bootstrapServers: servers, topic: topic, from: fromBeginning ? .beginning : .end)
        defer { consumer.close() }
        var printed = 0
        var idleSince = ContinuousClock.now
        while count.map({ printed < $0 }) ?? true {
            guard let consumed = try consumer.poll(timeoutMilliseconds: 200) else {
                if let idleTimeout, ContinuousClock.now - idleSince > .milliseconds(Int(idleTimeout * 1000)) { break }
                continue
            }
            idleSince = ContinuousClock.now
            do {
                let event = try CloudEventsKafkaBinding.decode(consumed.record)
                FileHandle.standardOutput.write(event.encoded() + Data([0x0A]))
                printed += 1
            } catch {
                FileHandle.standardError.write(Data("skipped \(topic)[\(consumed.partition)]@\(consumed.offset): \(error)\n".utf8))
            }
        }
    }
}
