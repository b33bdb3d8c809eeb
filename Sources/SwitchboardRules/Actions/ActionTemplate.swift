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
        // Sized up front: growing from empty re-allocated the storage twice per plan.
        var values = [String: JSONValue](minimumCapacity: arguments.count)
        for (name, argument) in arguments {
            switch argument {
            case .template(let template):
                values[name] = template.evaluate(environment)
            case .headers(let headers):
                var object: [JSONObject.Member] = []
                for (header, template) in headers { object.append(JSONObject.Member(key: header, value: template.evaluate(environment))) }
                values[name] = .object(JSONObject(members: object))
            }
        }
        var resolved = ResolvedArguments(values: values)
        do {
            let action = try spec.build(&resolved)
            // Filtering builds a second dictionary: only when an argument resolved to nothing.
            let arguments = values.values.contains(where: \.isNull) ? values.filter { !$0.value.isNull } : values
            return .success(ActionPlan(rule: rule, action: action, arguments: arguments))
        } catch {
            return .failure(ActionResolutionError(rule: rule, action: spec.name, argument: error.argument, reason: error.reason))
        }
    }
}
