// What a planned stack keeps for one update only, and should lose in the next: an authorizer that no
// method names any more. The update that removes its last route makes a deployment that still
// serves that route and calls its authorizer, so the authorizer (and its function's permission)
// stays through that update; once that deployment is replaced, it is unused.
import { TYPES } from "../policy/awsTypes";
import { Registered } from "../offline/mockRuntime";

/** The stack setting that declares an authorizer of this type. */
const SETTING_OF: Readonly<Record<string, string>> = { COGNITO_USER_POOLS: "cognitoAuthorizer", TOKEN: "lambdaAuthorizer", REQUEST: "lambdaAuthorizer" };

/** One line per authorizer no method names: what to remove in the next update. */
export function nextUpdateWarnings(resources: readonly Registered[], project: string): string[] {
    const methods = resources.filter((r) => r.type === TYPES.method);
    const named = (authorizer: Registered) => methods.some((m) => m.inputs.authorizerId === authorizer.id
        || (m.propertyDependencies.authorizerId ?? []).includes(authorizer.name));
    return resources.filter((r) => r.type === TYPES.authorizer && !named(r)).map((authorizer) => {
        const setting = SETTING_OF[String(authorizer.inputs.type)];
        return `${authorizer.name} is used by no route: it stays through the update that removes its last route, whose deployment still `
            + `calls it; remove ${setting ? `${project}:${setting}` : "it"} in the next update`;
    });
}
