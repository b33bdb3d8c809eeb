import Foundation
import SwitchboardEvents
import SwitchboardWebSocket

/// The two management-API calls the connector needs: JWT login and tenant (hub URL) discovery.
///
/// An actor because the cached JWT is shared by every reconnect attempt; none of this is on the
/// event path.
actor ThelloManagementClient {
    private let configuration: ThelloConfiguration
    private let http: LWSHTTPClient
    private var token: String?
    private var tokenExpiry: Date?
    private(set) var logins = 0

    init(configuration: ThelloConfiguration) {
        self.configuration = configuration
        self.http = LWSHTTPClient(caFile: configuration.caFile, timeoutSeconds: 15, maximumResponseBytes: 256 * 1024)
    }

    private var usesLogin: Bool { configuration.apiKey == nil }

    /// The bearer token, logging in when there is none, it expires within a minute, or `refresh` is set.
    func bearerToken(refresh: Bool) async throws(ThelloError) -> String? {
        guard usesLogin else { return nil }
        if !refresh, let token, let tokenExpiry, tokenExpiry.timeIntervalSinceNow > 60 { return token }
        if !refresh, let token, tokenExpiry == nil { return token }
        return try await login()
    }

    private func login() async throws(ThelloError) -> String {
        let body = JSONValue.object([
            "userName": .string(configuration.username ?? ""), "password": .string(configuration.password ?? ""),
        ]).jsonData()
        let response: LWSHTTPResponse
        do {
            response = try await http.send(LWSHTTPRequest(
                method: "POST", url: url("/api/Authentication/Authenticate"),
                headers: ["Content-Type": "application/json"], body: Array(body)
            ))
        } catch {
            throw ThelloError(.authenticationFailed, "login request failed: \(error.message)")
        }
        guard response.status == 200 else {
            throw ThelloError(.authenticationFailed, "login answered HTTP \(response.status)")
        }
        let parsed = try? JSONValue.parse(response.body)
        guard let token = parsed?["access_token"]?.stringValue ?? parsed?["accessToken"]?.stringValue ?? parsed?["token"]?.stringValue,
              !token.isEmpty else {
            throw ThelloError(.authenticationFailed, "the login response has no access_token")
        }
        self.token = token
        tokenExpiry = Self.expiry(ofJWT: token)
        logins += 1
        return token
    }

    /// The hub URL from `SignalRUrl` of `/tenants/mine`, or of `/api/Tenant/mine` when the first is missing.
    func discoverHubURL() async throws(ThelloError) -> String {
        var refreshed = false
        for path in ["/tenants/mine", "/api/Tenant/mine"] {
            while true {
                var headers: [String: String] = [:]
                if let apiKey = configuration.apiKey { headers["X-API-KEY"] = apiKey }
                if let bearer = try await bearerToken(refresh: false) { headers["Authorization"] = "Bearer \(bearer)" }
                let response: LWSHTTPResponse
                do {
                    response = try await http.send(LWSHTTPRequest(method: "GET", url: url(path), headers: headers))
                } catch {
                    throw ThelloError(.tenantDiscoveryFailed, "GET \(path) failed: \(error.message)")
                }
                if response.status == 401, usesLogin, !refreshed {
                    refreshed = true
                    _ = try await bearerToken(refresh: true)
                    continue
                }
                if response.status == 404 { break }
                guard response.status == 200 else {
                    throw ThelloError(.tenantDiscoveryFailed, "GET \(path) answered HTTP \(response.status)")
                }
                guard let members = (try? JSONValue.parse(response.body))?.objectValue,
                      let hub = members.first(where: { $0.key.lowercased() == "signalrurl" })?.value.stringValue,
                      !hub.isEmpty else {
                    throw ThelloError(.tenantDiscoveryFailed, "GET \(path) returned no SignalRUrl")
                }
                return hub
            }
        }
        throw ThelloError(.tenantDiscoveryFailed, "neither /tenants/mine nor /api/Tenant/mine exists")
    }

    private func url(_ path: String) -> String {
        var base = configuration.managementBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// The `exp` claim of a JWT, if it has one (the signature is the server's business, not ours).
    static func expiry(ofJWT token: String) -> Date? {
        let parts = token.split(separator: ".")
        guard parts.count >= 2 else { return nil }
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload), let exp = (try? JSONValue.parse(Array(data)))?["exp"]?.doubleValue else {
            return nil
        }
        return Date(timeIntervalSince1970: exp)
    }
}
