import ArgumentParser
import CSwitchboardShim
import SwitchboardEvents
import SwitchboardRuntime

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the versions of Switchboard, its C libraries and its allocator.")

    func run() throws {
        print("switchboard \(SwitchboardVersion.current)")
        print("librdkafka \(String(cString: csb_rdkafka_version()))")
        print("libwebsockets \(String(cString: csb_lws_version()))")
        print("allocator \(MemoryAllocator.summary)")
    }
}
