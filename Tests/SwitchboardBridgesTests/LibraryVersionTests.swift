import CLibWebSockets
import CRdKafka
import CSwitchboardShim
import Testing

@Suite("C library bridges")
struct LibraryVersionTests {
    @Test("librdkafka links and reports a 2.x version")
    func rdkafkaVersion() {
        let version = String(cString: csb_rdkafka_version())
        #expect(version.hasPrefix("2."))
        // The integer version and the string agree on the major number.
        #expect(rd_kafka_version() >> 24 == 2)
    }

    @Test("libwebsockets links, reports a 4.x version and exposes LWS_PRE")
    func libwebsocketsVersion() {
        let version = String(cString: csb_lws_version())
        #expect(version.hasPrefix("4."))
        #expect(csb_lws_pre() >= 16)
    }

    @Test("librdkafka's mock cluster starts in process and reports a bootstrap address")
    func mockClusterStarts() throws {
        var errstr = [CChar](repeating: 0, count: 512)
        let conf = rd_kafka_conf_new()
        let handle = try #require(rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errstr, errstr.count))
        defer { rd_kafka_destroy(handle) }
        let cluster = try #require(rd_kafka_mock_cluster_new(handle, 1))
        defer { rd_kafka_mock_cluster_destroy(cluster) }
        let bootstrap = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        #expect(bootstrap.contains(":"))
    }
}
