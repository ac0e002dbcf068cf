// An OpenAPI 3.1 document of a stack's API, made from the same API definition that builds it
// (components/apiDefinition.ts): its routes, methods, media types, request models and the statuses
// its method responses declare, with the settings the definition is made from for what a client also
// needs (where to call, the headers each route reads, who may call it, the gateway's own answers).
import { apiDefinition, RouteDefinition } from "../../components/apiDefinition";
import { DEDUPLICATION_ID } from "../../components/batchIntegration";
import { callerAttributeSource } from "../../components/caller";
import { QueueApiSettings, RouteSettings } from "../../components/settings";
import { toJsonSchema2020 } from "./jsonSchema";
import { BATCH_SCHEMAS, ERROR_SCHEMAS, responsesOf } from "./responses";
import { securityOf, securitySchemes } from "./security";

export interface DocumentSource {
    readonly settings: QueueApiSettings;
    /** The component's name: the project's, as the program names it. */
    readonly name: string;
    readonly stack: string;
    readonly region: string;
    /** The product's version, the document's too. */
    readonly version: string;
}

type Json = Record<string, unknown>;

/**
 * What stands for the REST API's id until the reader puts in their own: the id exists only once the
 * stack is deployed. It is no host label (`<` and `>` are not allowed in a URL's host), so a client
 * generated from the document fails at once rather than calling a host that looks real.
 */
export const REST_API_ID_PLACEHOLDER = "<rest-api-id>";

/** Where a client calls: the custom domain first, then the stage's own URL unless the domain turns it off. */
function serversOf(source: DocumentSource): Json[] {
    const { domain, endpointType } = source.settings.frontDoor;
    const stageUrl = {
        url: `https://{restApiId}.execute-api.${source.region}.amazonaws.com/${source.settings.stageName}`,
        description: endpointType === "PRIVATE"
            ? "The stage, reachable only through the stack's VPC endpoints (with private DNS, or as {restApiId}-{vpce-id})"
            : "The stage's own URL",
        variables: {
            restApiId: {
                default: REST_API_ID_PLACEHOLDER,
                description: "Replace with the REST API's id, the first label of the host of `pulumi stack output url`: it exists only once the "
                    + `stack is deployed, and the default ${REST_API_ID_PLACEHOLDER} makes no valid URL`,
            },
        },
    };
    const domainUrl = domain ? [{ url: `https://${domain.name}${domain.basePath ? `/${domain.basePath}` : ""}`, description: "The stack's custom domain" }] : [];
    return [...domainUrl, ...(domain?.disableExecuteApiEndpoint ? [] : [stageUrl])];
}

/** `POST /stores/{storeId}/orders` → `postStoresStoreIdOrders`. */
function operationId(key: string): string {
    const words = key.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(" ");
    return words.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join("");
}

/** A value SQS takes as a message group or deduplication id; anything else SQS refuses, and the API answers 400. */
const SQS_ID = { type: "string", ...DEDUPLICATION_ID };

/** The idempotency header of a single order's route: what it is sent as, and what it must be where it is the deduplication id. */
function idempotencyParameter(route: RouteSettings, idempotencyHeader: string): Json {
    const retries = "Identifies a client's retries: sent as the idempotencyKey attribute";
    if (!route.queue.fifo) {
        return { name: idempotencyHeader, in: "header", required: false, description: retries, schema: { type: "string" } };
    }
    if (callerAttributeSource(route.authorization, route.messageGroupId) !== undefined) {
        return {
            name: idempotencyHeader, in: "header", required: false, schema: { type: "string" },
            description: `${retries}; the deduplication id is the request id here, since any caller may name any group: workers remember the key per caller`,
        };
    }
    return {
        name: idempotencyHeader, in: "header", required: false, schema: SQS_ID,
        description: `${retries} and as the deduplication id, so SQS drops a retry within 5 minutes: 1 to 128 printable ASCII characters, or 400`,
    };
}

/** The request values a route reads: its path parameters, its group header, its idempotency header and its attributes' sources. */
function parametersOf(route: RouteSettings, definition: RouteDefinition, idempotencyHeader: string): Json[] {
    const parameters: Json[] = route.path.split("/").filter((segment) => /^\{.+\}$/.test(segment)).map((segment) => ({
        name: segment.slice(1, -1), in: "path", required: true, schema: { type: "string" },
    }));
    for (const [name, required] of Object.entries(definition.method.requestParameters ?? {})) {
        parameters.push({
            name: name.replace(/^method\.request\.header\./, ""), in: "header", required, schema: SQS_ID,
            description: "The FIFO message group of the order: 1 to 128 printable ASCII characters; a request without it, or with another, is answered 400",
        });
    }
    if (!route.batch) {
        parameters.push(idempotencyParameter(route, idempotencyHeader));
    }
    for (const [attribute, source] of Object.entries(route.messageAttributes)) {
        const where = source.header !== undefined ? { name: source.header, in: "header" } : source.query !== undefined ? { name: source.query, in: "query" } : undefined;
        if (where && !parameters.some((p) => p.name === where.name && p.in === where.in)) {
            parameters.push({ ...where, required: false, description: `Sent as the message attribute ${attribute} (${source.dataType ?? "String"})`, schema: { type: "string" } });
        }
    }
    return parameters;
}

/** What a media type other than JSON takes: any body, queued byte for byte. */
const OTHER_BODIES: Readonly<Record<string, Json>> = {
    "application/x-www-form-urlencoded": { type: "object", additionalProperties: { type: "string" }, description: "Any form, queued byte for byte" },
    "text/plain": { type: "string", description: "Any text, queued byte for byte" },
    "application/xml": { type: "string", description: "Any XML, queued byte for byte" },
};

function requestBodyOf(route: RouteSettings, definition: RouteDefinition): Json {
    const content = Object.fromEntries(Object.keys(definition.integration.requestTemplates).map((type) => {
        if (type !== "application/json") {
            return [type, { schema: OTHER_BODIES[type] ?? {} }];
        }
        const model = definition.model;
        return [type, { schema: model ? { $ref: `#/components/schemas/${model.name}` } : { description: "Any JSON, queued byte for byte" } }];
    }));
    const description = route.batch
        ? `A JSON array of 1 to ${route.batch.maxEntries} orders, each with its idempotency key in ${route.batch.keyField}: each order becomes a message `
            + "holding API Gateway's serialisation of it (compact JSON), not the client's bytes"
        : "The order, queued byte for byte";
    return { required: true, description, content };
}

/** The OpenAPI 3.1 document of the stack's API. */
export function openApiDocument(source: DocumentSource): Json {
    const { settings } = source;
    const definition = apiDefinition(settings, source.name);
    const paths: Record<string, Json> = {};
    const schemas: Record<string, unknown> = { ...ERROR_SCHEMAS, ...(settings.routes.some((route) => route.batch) ? BATCH_SCHEMAS : {}) };
    settings.routes.forEach((route, i) => {
        const routeDefinition = definition.routes[i];
        const model = routeDefinition.model;
        if (model) {
            schemas[model.name] = toJsonSchema2020(JSON.parse(model.schema), `#/components/schemas/${model.name}`);
        }
        const operation: Json = {
            operationId: operationId(route.key),
            summary: route.batch ? `Queue up to ${route.batch.maxEntries} orders, each its own message` : "Queue an order",
            parameters: parametersOf(route, routeDefinition, settings.idempotencyHeader),
            requestBody: requestBodyOf(route, routeDefinition),
            responses: responsesOf(route, routeDefinition, definition, settings),
            security: securityOf(route, settings),
        };
        paths[`/${route.path}`] = { ...paths[`/${route.path}`], [route.method.toLowerCase()]: operation };
    });
    return {
        openapi: "3.1.0",
        info: {
            title: `${source.name} (${source.stack})`,
            version: source.version,
            description: "Each request is written into an SQS queue and answered at once; workers drain the queue at their own pace. "
                + "Generated by npm run openapi from the stack's config.",
        },
        servers: serversOf(source),
        paths,
        components: { schemas, securitySchemes: securitySchemes(settings) },
    };
}
