import SwitchboardEvents

/// Reads the parties of a Telnect call: the "Get Call Information" shape (`source`/`destination`
/// objects with a `dialplan` and SIP URIs, plus the `number` block), the create-call shape
/// (`{"type":"phone","number":…}`) and the history shape (plain number strings).
enum TelnectParties {
    /// The `dialplan` of a `source` or `destination` object, when it carries a country code.
    static func dialplan(_ side: FieldReader?) throws(NormalizationError) -> Dialplan? {
        guard let plan = try side?.optionalObject("dialplan") else { return nil }
        let countryCode: String
        switch plan.value("cc") {
        case nil: return nil
        case .integer(let code): countryCode = String(code)
        case .string(let code) where !code.isEmpty && code.utf8.count <= 4 && code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
            countryCode = code
        case .string(let code): throw .invalidValue(path: plan.memberPath("cc"), reason: "expected a country calling code, found \(NormalizationError.quoted(code))")
        case let other?: throw .wrongType(path: plan.memberPath("cc"), expected: "string", found: other.kindName)
        }
        return Dialplan(
            countryCode: countryCode,
            localPrefix: try plan.optionalString("localPrefix", limit: 8) ?? "0",
            globalPrefix: try plan.optionalString("globalPrefix", limit: 8) ?? "00"
        )
    }

    /// A party from `numberKey` of the `number` block, else the SIP URIs of the side object
    /// (`uriKeys` in order), else the side itself when it is a plain string.
    static func party(
        call: FieldReader, sideKey: String, numberKey: String, uriKeys: [String], context: NormalizationContext
    ) throws(NormalizationError) -> Party? {
        let numbers = try call.optionalObject("number")
        var number = try numbers?.optionalNonEmptyString(numberKey)
        var name: String?
        var kind: String?
        var dialplan: Dialplan?

        switch call.value(sideKey) {
        case nil:
            break
        case .string(let plain)?:
            _ = try call.optionalString(sideKey)
            number = number ?? (plain.isEmpty ? nil : plain)
        case .object?:
            let side = try call.optionalObject(sideKey)
            dialplan = try Self.dialplan(side)
            if let direct = try side?.optionalNonEmptyString("number") {
                number = number ?? direct
                kind = try side?.optionalNonEmptyString("type")
            }
            for key in uriKeys {
                guard let uri = try side?.optionalObject(key) else { continue }
                let user = try uri.optionalNonEmptyString("user")
                if number == nil { number = user }
                if name == nil { name = try uri.optionalNonEmptyString("name") }
                if kind == nil {
                    let userParam = try uri.optionalObject("userParam")?.optionalNonEmptyString("user")
                    let scheme = try uri.optionalNonEmptyString("scheme")
                    kind = userParam ?? scheme
                }
                if user != nil { break }
            }
        case let other?:
            throw .wrongType(path: call.memberPath(sideKey), expected: "object or string", found: other.kindName)
        }
        guard number != nil || name != nil else { return nil }
        return Party(number: number, e164: context.e164(number, dialplan: dialplan), name: name, kind: kind)
    }

    /// The forwarding party (`number.diverter`), E.164-derived with the caller's dialplan.
    static func diverter(call: FieldReader, context: NormalizationContext) throws(NormalizationError) -> Party? {
        guard let number = try call.optionalObject("number")?.optionalNonEmptyString("diverter") else { return nil }
        let dialplan: Dialplan?
        if case .object? = call.value("source") { dialplan = try Self.dialplan(call.optionalObject("source")) } else { dialplan = nil }
        return Party(number: number, e164: context.e164(number, dialplan: dialplan))
    }
}
