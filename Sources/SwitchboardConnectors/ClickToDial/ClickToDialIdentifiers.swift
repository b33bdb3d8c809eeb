/// Checks of identifiers before they go into a URL path or a request body.
enum ClickToDialIdentifiers {
    /// CAMARA `CallId`: `^[A-Za-z0-9._~:-]{1,256}$`, and never `.` or `..` (which would change the
    /// path, or name a directory when used as a recording file name).
    static func isValidCallId(_ callId: String) -> Bool {
        guard (1...256).contains(callId.utf8.count), callId != ".", callId != ".." else { return false }
        return callId.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// CAMARA `PhoneNumber`: E.164 with the leading `+`, `^\+[1-9][0-9]{4,14}$`.
    static func isValidPhoneNumber(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard (6...16).contains(bytes.count), bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
