import SwitchboardEvents

/// Every action a rule may use, with its arguments; `docs/rules.md` documents the same list.
enum ActionCatalog {
    static let specs: [String: ActionSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static var names: [String] { all.map(\.name) }

    static let all: [ActionSpec] = [
        ActionSpec(name: "kafka", summary: "publish the event to a Kafka topic", arguments: [
            .init("topic", required: true, help: "the topic"),
            .init("key", default: "{{ partitionkey }}", help: "the message key"),
            .init("contentMode", .choice(ContentMode.allCases.map(\.rawValue)), default: "binary", help: "binary or structured"),
            .init("headers", .headers, help: "extra headers"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .kafka(KafkaPublish(topic: try arguments.text("topic"), key: arguments.optionalText("key"),
                                contentMode: ContentMode(rawValue: try arguments.text("contentMode")) ?? .binary,
                                headers: arguments.headers("headers")))
        },
        ActionSpec(name: "thello.setVariable", summary: "Thello SetVariable on the call context", arguments: [
            .init("contextId", default: "{{ data.callContextId }}", help: "the call context id"),
            .init("name", required: true, help: "the KSL variable"),
            .init("value", .value, required: true, help: "the value"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .thelloSetVariable(ThelloSetVariable(contextId: try arguments.text("contextId"), name: try arguments.text("name"), value: try arguments.value("value")))
        },
        ActionSpec(name: "thello.blocNotify", summary: "Thello BlocNotify (simulation and tests)", arguments: [
            .init("blocId", required: true, help: "the bloc"),
            .init("eventName", required: true, help: "the event name"),
            .init("sipCallId", default: "{{ data.callId }}", help: "the SIP call id"),
            .init("fromName", help: "caller name"),
            .init("fromNumber", help: "caller number"),
            .init("to", help: "called number"),
            .init("data", help: "bloc data"),
            .init("contextId", default: "{{ data.callContextId }}", help: "the call context id"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .thelloBlocNotify(ThelloBlocNotify(blocId: try arguments.text("blocId"), eventName: try arguments.text("eventName"),
                                               sipCallId: arguments.optionalText("sipCallId"), fromName: arguments.optionalText("fromName"),
                                               fromNumber: arguments.optionalText("fromNumber"), to: arguments.optionalText("to"),
                                               data: arguments.optionalText("data"), contextId: arguments.optionalText("contextId")))
        },
        ActionSpec(name: "telnect.callAction", summary: "Telnect call action", arguments: [
            .init("callId", default: "{{ data.callId }}", help: "the Telnect call id"),
            .init("action", .choice(TelnectCallAction.Kind.allCases.map(\.rawValue)), required: true, help: "transfer, hold, resume, mute or unmute"),
            .init("destination", help: "the transfer target (transfer only)"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            let kind = TelnectCallAction.Kind(rawValue: try arguments.text("action")) ?? .hold
            let destination = kind == .transfer ? try arguments.text("destination") : nil
            return .telnectCallAction(TelnectCallAction(callId: try arguments.text("callId"), action: kind, destination: destination))
        },
        ActionSpec(name: "telnect.hangup", summary: "Telnect DELETE /Calls/{id}", arguments: [
            .init("callId", default: "{{ data.callId }}", help: "the Telnect call id"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .telnectHangup(callId: try arguments.text("callId"))
        },
        ActionSpec(name: "telnect.call", summary: "Telnect POST /Calls", arguments: [
            .init("source", required: true, help: "the calling number (source.number)"),
            .init("destination", required: true, help: "the number to call (destination.number)"),
            .init("record", .value, help: "true or false: options.record"),
            .init("timeout", .value, help: "options.timeout, whole seconds"),
            .init("account", help: "the Telnect account to call from (default: the event's)"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            var timeout: Int?
            if let text = arguments.optionalText("timeout") {
                guard let seconds = Int(text), (1...86_400).contains(seconds) else {
                    throw ResolvedArguments.Missing(argument: "timeout", reason: "must be whole seconds between 1 and 86400, not \"\(text.prefix(20))\"")
                }
                timeout = seconds
            }
            return .telnectCall(TelnectCall(source: try arguments.text("source"), destination: try arguments.text("destination"),
                                            record: try arguments.optionalBool("record"), timeoutSeconds: timeout, account: arguments.optionalText("account")))
        },
        ActionSpec(name: "clicktodial.release", summary: "CAMARA DELETE /calls/{callId}", arguments: [
            .init("callId", default: "{{ data.callId }}", help: "the CAMARA call id"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .clickToDialRelease(callId: try arguments.text("callId"))
        },
        ActionSpec(name: "clicktodial.call", summary: "CAMARA POST /calls", arguments: [
            .init("caller", required: true, help: "the caller's E.164 number"),
            .init("callee", required: true, help: "the callee's E.164 number"),
            .init("recordingEnabled", .value, help: "true or false: ask the provider to record the call"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .clickToDialCall(ClickToDialCall(caller: try arguments.text("caller"), callee: try arguments.text("callee"),
                                             recordingEnabled: try arguments.optionalBool("recordingEnabled")))
        },
        ActionSpec(name: "antbuddy.clickToCall", summary: "AntBuddy click-to-call", arguments: [
            .init("number", required: true, help: "the number to call"),
            .init("sipUser", required: true, help: "the SIP device that rings first"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .antbuddyClickToCall(AntBuddyClickToCall(number: try arguments.text("number"), sipUser: try arguments.text("sipUser")))
        },
        ActionSpec(name: "http.forward", summary: "forward the event over HTTP (CloudEvents binding)", arguments: [
            .init("url", required: true, help: "the target URL"),
            .init("contentMode", .choice(ContentMode.allCases.map(\.rawValue)), default: "structured", help: "structured or binary"),
            .init("headers", .headers, help: "extra headers"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .httpForward(HTTPForward(url: try arguments.text("url"), contentMode: ContentMode(rawValue: try arguments.text("contentMode")) ?? .structured,
                                     headers: arguments.headers("headers")))
        },
        ActionSpec(name: "drop", summary: "stop: later rules do not run", arguments: []) { _ throws(ResolvedArguments.Missing) in .drop },
        ActionSpec(name: "log", summary: "write a log line", arguments: [
            .init("message", required: true, help: "the text"),
            .init("level", .choice(LogAction.Level.allCases.map(\.rawValue)), default: "info", help: "debug, info, notice, warning or error"),
        ]) { arguments throws(ResolvedArguments.Missing) in
            .log(LogAction(level: LogAction.Level(rawValue: try arguments.text("level")) ?? .info, message: try arguments.text("message")))
        },
    ]
}
