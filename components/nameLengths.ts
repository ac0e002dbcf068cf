// The names the provider gives the resources the stack names after the component and a route, held
// against what AWS takes, before anything is created.
import { Checker } from "./checks";
import { providerName, routePrefix } from "./naming";
import { RouteSettings } from "./settingsTypes";

/** How long a name AWS takes, and where the provider's names for this stack's resources come from. */
const NAME_LIMITS = { queue: 80, "Lambda function": 64, "IAM role": 64 } as const;

/**
 * The names the provider gives the resources the stack names after the component and a route are
 * `<child name>-<7 random characters>` (and a FIFO queue's `….fifo` after that), and AWS refuses
 * one too long: SQS takes queue names of at most 80 characters, Lambda function and IAM role names
 * of at most 64. Checked before anything is created, so a long path or component name is refused
 * here rather than half-way through a deploy. `routeNames` names each route in the messages.
 */
export function checkNameLengths(check: Checker, componentName: string, routes: readonly RouteSettings[], routeNames: readonly string[]): void {
    const tooLong = (key: string | undefined, kind: keyof typeof NAME_LIMITS, child: string, fifo = false) => {
        const name = providerName(child, fifo);
        const length = name.length;
        if (length > NAME_LIMITS[kind]) {
            check.problem(`${key === undefined ? "the component's name" : check.key(key)} makes the ${kind}'s name ${name} `
                + `${length} characters long, and AWS takes ${NAME_LIMITS[kind]}: shorten the component's name${key === undefined ? "" : " or the path"}`);
        }
    };
    tooLong(undefined, "IAM role", `${componentName}-role`);
    routes.forEach((route, i) => {
        const key = routeNames[i];
        const prefix = routePrefix(componentName, route.nameFragment);
        if (!route.existingQueue) {
            tooLong(key, "queue", `${prefix}-queue`, route.queue.fifo);
        }
        if (route.consumer) {
            tooLong(key, "Lambda function", `${prefix}-consumer-function`);
            tooLong(key, "IAM role", `${prefix}-consumer-role`);
        }
    });
}
