import ArgumentParser
import CSwitchboardShim
import SwitchboardEvents

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the versions of Switchboard and its C libraries.")

    func run() throws {
        print("switchboard \(SwitchboardVersion.current)")
        print("librdkafka \(String(cString: csb_rdkafka_version()))")
        print("libwebsockets \(String(cString: csb_lws_version()))")
    }
}
