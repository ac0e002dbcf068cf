// How resources and models are named after routes.

/** A name fragment from a route key or path: `POST /stores/{id}/orders` → `post-stores-id-orders`. */
export function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A model name for a route: API Gateway takes letters and digits only. */
export function modelName(key: string): string {
    return `${slug(key).split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("")}Body`;
}

/** The prefix of a route's resources: the component's name, then the route's fragment if it has one. */
export function routePrefix(componentName: string, nameFragment: string): string {
    return nameFragment ? `${componentName}-${nameFragment}` : componentName;
}

/**
 * The name the provider gives a resource the stack does not name: the child's name, `-` and 7
 * random characters (shown as x), and `.fifo` for a FIFO queue.
 */
export function providerName(childName: string, fifo = false): string {
    return `${childName}-xxxxxxx${fifo ? ".fifo" : ""}`;
}

/**
 * How a method is named in an API's resource policy, after the API's execution ARN and a `/`: `v1/POST/stores/*` for
 * `POST /stores/{id}` on stage v1. A path parameter is `*`, the only wildcard IAM has.
 */
export function invokePath(stageName: string, httpMethod: string, path: string): string {
    return `${stageName}/${httpMethod}/${path.replace(/\{[^}]+\}/g, "*")}`;
}
