import Foundation
import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing

/// Debian's Chromium (`apt-get install chromium`; `scripts/bootstrap.sh --test` installs it).
private let chromiumPath = "/usr/bin/chromium"

/// The status page as a person sees it: Debian's headless Chromium loads `/` from a running
/// serve, runs the page's refresh script, and the test reads the resulting DOM. A screenshot is
/// kept under `.build/test-artifacts/` for people to look at.
@Suite(
    "status page in headless Chromium", .serialized, .timeLimit(.minutes(4)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: chromiumPath), "chromium is not installed: run `bash scripts/bootstrap.sh --test`")
)
struct StatusPageBrowserTests {
    static let artifacts = PythonPeer.repositoryRoot.appendingPathComponent(".build/test-artifacts")

    /// Runs Chromium headless on `url` with `arguments` and a throw-away profile.
    static func chromium(_ arguments: [String], url: String) async throws -> ChildProcessResult {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sb-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        // --virtual-time-budget lets the page's script fetch /status.json and render before the dump.
        return try await ChildProcess.runDetached(URL(fileURLWithPath: chromiumPath), [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000",
        ] + arguments + [url])
    }

    @Test("sources, Kafka, rule set version, the events just sent and an action failure are on the page after its script ran")
    func whatAPersonSees() async throws {
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await ServeHarness.run(ServeHarness.configuration(work: work)) { serve in
            try await StatusPageTests.sendSample(serve)
            let status = try await StatusPageTests.statusAfterSample(serve)
            let version = try #require(status.value(atPath: "rules.version")?.stringValue)

            let dump = try await Self.chromium(["--dump-dom"], url: serve.baseURL + "/")
            let dom = dump.stdoutText
            try #require(dump.status == 0 && dom.contains("<html"), "chromium failed (\(dump.status)): \(dump.stderrText.suffix(2000))")
            // The refresh script ran: it stamps the header after each /status.json it rendered.
            #expect(dom.contains("updated 20"), "the page's script did not refresh it")
            for expected in ["webhook:clicktodial", "webhook:thello", "connected", version, "status-event-1", "status-call-2",
                             "switchboard.queue.entered", "thello-vip-queue-steering", "thello.setVariable", "no connector"] {
                #expect(dom.contains(expected), "\(expected) is not on the page")
            }
            // The hostile event id is shown as text, never as markup.
            #expect(dom.contains("&lt;script&gt;alert"))
            #expect(!dom.contains("<script>alert"))

            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let screenshot = Self.artifacts.appendingPathComponent("status-page.png")
            try? FileManager.default.removeItem(at: screenshot)
            let shot = try await Self.chromium(["--screenshot=\(screenshot.path)", "--window-size=1280,900", "--hide-scrollbars"], url: serve.baseURL + "/")
            #expect(shot.status == 0, "\(shot.stderrText.suffix(2000))")
            let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "screenshot missing or empty at \(screenshot.path)")
        }
    }
}
