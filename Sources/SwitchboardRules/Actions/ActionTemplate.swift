import SwitchboardEvents

/// An action as written in a rule, with its argument templates compiled.
struct ActionTemplate: Sendable {
    enum Argument: Sendable {
        case template(Template)
        case headers([(name: String, template: Template)])
    }

    let spec: ActionSpec
    let arguments: [(name: String, argument: Argument)]
    let location: SourceLocation

    func resolve(rule: String, environment: TemplateEnvironment) -> Result<ActionPlan, ActionResolutionError> {
        // An array, not a dictionary: a plan has a handful of arguments, and hashing their
        // names (to build, to read in `build`, to copy into the plan) cost more than scanning.
        var values: [JSONObject.Member] = []
        values.reserveCapacity(arguments.count)
        for (name, argument) in arguments {
            let value: JSONValue
            switch argument {
            case .template(let template):
                value = template.evaluate(environment)
            case .headers(let headers):
                var object: [JSONObject.Member] = []
                for (header, template) in headers { object.append(JSONObject.Member(key: header, value: template.evaluate(environment))) }
                value = .object(JSONObject(members: object))
            }
            values.append(JSONObject.Member(key: name, value: value))
        }
        var resolved = ResolvedArguments(values: values)
        do {
            let action = try spec.build(&resolved)
            // Arguments that resolved to nothing are left out of the plan, as rule tests show
            // them; filtering copies only when there is one.
            let arguments = values.contains(where: \.value.isNull) ? values.filter { !$0.value.isNull } : values
            return .success(ActionPlan(rule: rule, action: action, argumentList: arguments))
        } catch {
            return .failure(ActionResolutionError(rule: rule, action: spec.name, argument: error.argument, reason: error.reason))
        }
    }
}
