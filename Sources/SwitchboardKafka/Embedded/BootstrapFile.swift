import Foundation

/// The file through which the embedded cluster's address reaches other commands
/// (`switchboard tail --brokers embedded`, `replay`): one line, `host:port[,host:port...]`.
public enum BootstrapFile {
    public static let defaultPath = ".switchboard/kafka-bootstrap"

    public static func write(_ bootstrapServers: String, to path: String) throws(KafkaError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((bootstrapServers + "\n").utf8).write(to: url, options: .atomic)
        } catch {
            throw KafkaError(.embeddedClusterFailed, "could not write the bootstrap file \(path): \(error.localizedDescription)")
        }
    }

    public static func read(from path: String) throws(KafkaError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KafkaError(
                .bootstrapFileMissing,
                "no embedded cluster found: \(path) does not exist; start `switchboard kafka dev` or `switchboard serve` first"
            )
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw KafkaError(.bootstrapFileMissing, "the bootstrap file \(path) is empty")
        }
        return text
    }

    /// `embedded` → the address in the bootstrap file; anything else is a broker list as is.
    public static func resolve(brokers: String, bootstrapFile: String = defaultPath) throws(KafkaError) -> String {
        if brokers.trimmingCharacters(in: .whitespaces).lowercased() == KafkaConfiguration.embeddedBrokers {
            return try read(from: bootstrapFile)
        }
        return brokers
    }
}
