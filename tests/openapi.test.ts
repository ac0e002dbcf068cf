// npm run openapi: the OpenAPI 3.1 document of a stack's API, from the same API definition that
// builds it, valid by a validator of OpenAPI documents, and each shipped stack's checked in.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { Validator } from "@seriousme/openapi-schema-validator";

import { main, OPENAPI_FOLDER, openApiText } from "../scripts/openapi";
import { toJsonSchema2020 } from "../scripts/openapi/jsonSchema";
import { listStacks, SHIPPED_STACKS } from "../offline/stacks";
import { withFiles } from "./support/plan";

const SHIPPED = SHIPPED_STACKS;

type Json = Record<string, any>;

const documentOf = (stack: string): Json => JSON.parse(openApiText(stack));

async function problems(document: Json): Promise<unknown> {
    const result = await new Validator().validate(document);
    return result.valid ? [] : result.errors;
}

/** Draft-4 forms a 2020-12 schema must not hold, anywhere in `schema`; their paths. */
function draft4Leftovers(schema: unknown, at = "#"): string[] {
    if (Array.isArray(schema)) {
        return schema.flatMap((item, i) => draft4Leftovers(item, `${at}/${i}`));
    }
    if (typeof schema !== "object" || schema === null) {
        return [];
    }
    const node = schema as Json;
    const own = [
        ...["$schema", "definitions", "additionalItems", "dependencies"].filter((key) => key in node),
        ...(typeof node.id === "string" ? ["id"] : []),
        ...["exclusiveMinimum", "exclusiveMaximum"].filter((key) => typeof node[key] === "boolean"),
        ...(Array.isArray(node.items) ? ["items as a list"] : []),
    ].map((key) => `${at}: ${key}`);
    // Property names are data, not keywords: a property called "id" is fine.
    return [...own, ...Object.entries(node).flatMap(([key, value]) => (key === "properties" && typeof value === "object"
        ? Object.entries(value as Json).flatMap(([name, sub]) => draft4Leftovers(sub, `${at}/properties/${name}`))
        : draft4Leftovers(value, `${at}/${key}`)))];
}

function capture() {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe("npm run openapi", function () {
    describe("every shipped stack's document", () => {
        for (const stack of SHIPPED) {
            it(`${stack}: is valid OpenAPI 3.1, holds no draft-4 schema, and is the one checked in as docs/openapi/${stack}.json`, async () => {
                const text = openApiText(stack);
                const document = JSON.parse(text);
                assert.equal(document.openapi, "3.1.0");
                assert.deepEqual(await problems(document), []);
                assert.deepEqual(draft4Leftovers(document.components.schemas), []);
                assert.equal(fs.readFileSync(path.join(OPENAPI_FOLDER, `${stack}.json`), "utf8"), text, "run npm run openapi -- --all");
            });
        }

        it("are the only documents checked in", () => {
            assert.deepEqual(fs.readdirSync(OPENAPI_FOLDER).sort(), SHIPPED.map((stack) => `${stack}.json`));
        });
    });

    it("dev: one open route at the stage's URL, its order schema, every answer it can give", () => {
        const document = documentOf("dev");
        assert.deepEqual(document.servers, [{
            url: "https://{restApiId}.execute-api.eu-west-1.amazonaws.com/v1", description: "The stage's own URL",
            variables: { restApiId: { default: "<rest-api-id>", description: "Replace with the REST API's id, the first label of the host of "
                + "`pulumi stack output url`: it exists only once the stack is deployed, and the default <rest-api-id> makes no valid URL" } },
        }]);
        // Until it is replaced, the server's URL is none: a client cannot call a host that merely looks like the API's.
        const { url, variables } = document.servers[0];
        assert.throws(() => new URL(url.replace("{restApiId}", variables.restApiId.default)), /Invalid URL/);
        assert.equal(new URL(url.replace("{restApiId}", "a1b2c3d4e5")).host, "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com");
        const operation = document.paths["/orders"].post;
        assert.deepEqual(Object.keys(document.paths), ["/orders"]);
        assert.deepEqual(operation.security, []);
        assert.deepEqual(Object.keys(operation.responses), ["202", "400", "413", "415", "429", "500", "503", "504", "default"]);
        // API Gateway's DEFAULT_4XX and DEFAULT_5XX may answer a status no other response names, in the same shape.
        assert.deepEqual(operation.responses.default.content, { "application/json": { schema: { $ref: "#/components/schemas/Error" } } });
        assert.deepEqual(Object.keys(document.components.schemas), ["Error", "Queued", "PostOrdersBody"], "no batch route: no batch answers");
        assert.deepEqual(operation.responses["202"].content["application/json"].schema, { $ref: "#/components/schemas/Queued" });
        assert.deepEqual(operation.requestBody.content, { "application/json": { schema: { $ref: "#/components/schemas/PostOrdersBody" } } });
        const order = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "schemas", "order.schema.json"), "utf8"));
        const { $schema: _draft, ...converted } = order;
        assert.deepEqual(document.components.schemas.PostOrdersBody, converted);
        assert.deepEqual(operation.parameters.map((p: Json) => [p.in, p.name, p.required, p.schema]), [["header", "Idempotency-Key", false, { type: "string" }]]);
    });

    it("prod: each route signed with SigV4, 403 for a signature and for WAF, 429 with Retry-After from the web ACL", () => {
        const document = documentOf("prod");
        assert.deepEqual(document.components.securitySchemes, {
            sigv4: {
                type: "apiKey", in: "header", name: "Authorization", "x-amazon-apigateway-authtype": "awsSigv4",
                description: "A SigV4 signature for the execute-api service, by a principal allowed execute-api:Invoke",
            },
        });
        const operation = document.paths["/orders"].post;
        assert.deepEqual(operation.security, [{ sigv4: [] }]);
        assert.equal(operation.responses["403"].description, "API Gateway's MISSING_AUTHENTICATION_TOKEN; API Gateway's ACCESS_DENIED; API Gateway's WAF_FILTERED");
        assert.deepEqual(operation.responses["429"].headers, { "Retry-After": { description: "Seconds to wait, on the web ACL's 429", schema: { type: "integer" } } });
    });

    it("conformance: a route's media types, each with its schema, and a batch route's array of orders and its per-order answers", () => {
        const document = documentOf("conformance");
        const webhooks = document.paths["/webhooks"].post;
        assert.deepEqual(webhooks.requestBody.content, {
            "application/json": { schema: { description: "Any JSON, queued byte for byte" } },
            "application/x-www-form-urlencoded": { schema: { type: "object", additionalProperties: { type: "string" }, description: "Any form, queued byte for byte" } },
            "text/plain": { schema: { type: "string", description: "Any text, queued byte for byte" } },
            "application/xml": { schema: { type: "string", description: "Any XML, queued byte for byte" } },
        });
        const batch = document.paths["/orders/batches"].post;
        assert.equal(batch.summary, "Queue up to 10 orders, each its own message");
        assert.deepEqual(batch.parameters, []);
        assert.deepEqual(document.components.schemas.PostOrdersBatchesBody, {
            type: "array", minItems: 1, maxItems: 10,
            items: {
                type: "object", required: ["orderId"],
                properties: { orderId: { type: "string", minLength: 1, maxLength: 64 }, note: { type: "string", maxLength: 1000 } },
            },
        });
        assert.deepEqual(batch.responses["202"].content["application/json"].schema, { $ref: "#/components/schemas/BatchQueued" });
        assert.deepEqual(batch.responses["500"].content["application/json"].schema, { oneOf: [{ $ref: "#/components/schemas/Error" }, { $ref: "#/components/schemas/BatchError" }] });
        // Each entry's outcome names one of a closed list of errors, each list typed as what it holds.
        assert.deepEqual([document.components.schemas.EntryOutcome.oneOf[1].properties.error, document.components.schemas.BatchError.properties.error],
            [{ type: "string", enum: ["QueueUnavailable", "PayloadTooLarge", "InvalidRequest"] }, { type: "string", enum: ["BatchNotQueued", "BatchRefused"] }]);
        // A FIFO route's group and idempotency key become SQS's group and deduplication ids: SQS takes 1 to 128 printable ASCII characters.
        const fifo = document.paths["/stores/{storeId}/orders"].post;
        const sqsId = { type: "string", maxLength: 128, pattern: "^[!-~]+$" };
        assert.deepEqual(fifo.parameters.map((p: Json) => [p.in, p.name, p.required, p.schema]),
            [["path", "storeId", true, { type: "string" }], ["header", "Customer-Id", true, sqsId], ["header", "Idempotency-Key", false, sqsId]]);
        const pattern = new RegExp(sqsId.pattern);
        assert.deepEqual(["order-1", "A!~z", "", "two words", "Zürich", "tab\there"].map((id) => pattern.test(id)), [true, true, false, false, false, false]);
        assert.deepEqual(document.paths["/signed"].post.security, [{ sigv4: [], apiKey: [] }]);
    });

    it("a custom domain first among the servers; Cognito scopes, a Lambda authorizer's sources and attributes' headers", async () => {
        const config = `config:
  aws:region: eu-west-1
  orders:domain: {name: orders.example.com, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab", basePath: v1}
  orders:cognitoAuthorizer: {userPoolArns: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"]}
  orders:lambdaAuthorizer: {functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:authorize", type: REQUEST, identitySources: [method.request.header.X-Token, method.request.querystring.tenant]}
  orders:routes:
    - path: members
      authorization: COGNITO_USER_POOLS
      oauthScopes: [orders/write]
      messageAttributes: {channel: {header: X-Channel}, campaign: {query: campaign, dataType: String}}
    - path: partners
      authorization: CUSTOM
      queue: {delaySeconds: 60}
    - path: shared
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {header: Store-Id}
`;
        const document = await withFiles({ "Pulumi.test-openapi.yaml": config }, () => JSON.parse(openApiText("test-openapi")));
        assert.deepEqual(await problems(document), []);
        assert.deepEqual(document.servers.map((s: Json) => s.url), ["https://orders.example.com/v1", "https://{restApiId}.execute-api.eu-west-1.amazonaws.com/v1"]);
        assert.deepEqual(document.paths["/members"].post.security, [{ cognito: ["orders/write"] }]);
        assert.deepEqual(document.paths["/partners"].post.security, [{ lambdaAuthorizer: [] }]);
        assert.deepEqual(document.components.securitySchemes.lambdaAuthorizer, {
            in: "header", name: "X-Token", type: "apiKey", "x-amazon-apigateway-authtype": "custom",
            description: "What the stack's Lambda authorizer (REQUEST) reads: X-Token, tenant",
        });
        assert.deepEqual(document.paths["/members"].post.parameters.map((p: Json) => [p.in, p.name]),
            [["header", "Idempotency-Key"], ["header", "X-Channel"], ["query", "campaign"]]);
        assert.deepEqual(Object.keys(document.paths["/members"].post.responses), ["202", "400", "401", "403", "413", "415", "429", "500", "503", "504", "default"]);
        // A FIFO route with a caller whose group is the client's choice deduplicates by the request id: its key is only an attribute.
        const [group, key] = document.paths["/shared"].post.parameters;
        assert.deepEqual([group.name, group.schema, key.name, key.schema], ["Store-Id", { type: "string", maxLength: 128, pattern: "^[!-~]+$" }, "Idempotency-Key", { type: "string" }]);
        assert.match(key.description, /the deduplication id is the request id here/);
    });

    describe("draft 4 to JSON Schema 2020-12", () => {
        it("turns a boolean exclusive bound into the bound itself, and drops a false one", () => {
            assert.deepEqual(toJsonSchema2020({ type: "integer", minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false }, "#/x"),
                { type: "integer", exclusiveMinimum: 1, maximum: 9 });
        });

        it("moves definitions to $defs and points their references at the schema's place in the document", () => {
            assert.deepEqual(toJsonSchema2020({
                $schema: "http://json-schema.org/draft-04/schema#", id: "http://example.com/order", definitions: { sku: { type: "string" } },
                properties: { sku: { $ref: "#/definitions/sku" }, self: { $ref: "#" } },
            }, "#/components/schemas/Order"), {
                $defs: { sku: { type: "string" } },
                properties: { sku: { $ref: "#/components/schemas/Order/$defs/sku" }, self: { $ref: "#/components/schemas/Order" } },
            });
        });

        it("turns a list of items into prefixItems and additionalItems into items; dependencies into dependentRequired and dependentSchemas", () => {
            assert.deepEqual(toJsonSchema2020({
                items: [{ type: "string" }, { type: "integer", minimum: 0, exclusiveMinimum: true }], additionalItems: false,
                dependencies: { card: ["billing"], gift: { required: ["note"] } },
            }, "#/x"), {
                prefixItems: [{ type: "string" }, { type: "integer", exclusiveMinimum: 0 }], items: false,
                dependentRequired: { card: ["billing"] }, dependentSchemas: { gift: { required: ["note"] } },
            });
        });

        it("leaves a property named id alone", () => {
            assert.deepEqual(toJsonSchema2020({ properties: { id: { type: "string" } } }, "#/x"), { properties: { id: { type: "string" } } });
        });
    });

    describe("the command", () => {
        it("writes one stack's document with --out, and prints it without", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openapi-"));
            try {
                const file = path.join(dir, "prod.json");
                const { out, io } = capture();
                assert.equal(await main(["--stack", "prod", "--out", file], io), 0);
                assert.equal(fs.readFileSync(file, "utf8"), openApiText("prod"));
                assert.equal(out.stdout, "");
                const printed = capture();
                assert.equal(await main([], printed.io), 0);
                assert.equal(printed.out.stdout, openApiText("dev"));
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("exits 2 on bad input, in one line each: a flag, a stack without a file, --check without --all, a stack's config", async () => {
            const cases: [string[], string][] = [
                [["--stak", "dev"], "unknown flag --stak; did you mean --stack? the flags are --stack <name>, --out <file>, --all, --check and --help\n"],
                [["--stack", "test-no-such-stack"], `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}\n`],
                [["--check"], "--check compares every stack's document: give it with --all\n"],
                [["--all", "--stack", "dev"], "--all writes every stack's document to docs/openapi/: give it without --stack and --out\n"],
            ];
            for (const [argv, stderr] of cases) {
                const { out, io } = capture();
                assert.equal(await main(argv, io), 2, argv.join(" "));
                assert.equal(out.stderr, stderr);
            }
            await withFiles({ "Pulumi.test-openapi-bad.yaml": "config:\n  orders:routes:\n    - path: batches\n      batch: {maxEntries: 11}\n" }, async () => {
                const { out, io } = capture();
                assert.equal(await main(["--stack", "test-openapi-bad"], io), 2);
                assert.equal(out.stderr, "Pulumi.test-openapi-bad.yaml:4:15: orders:routes[0].batch.maxEntries must be an integer from 2 to 10, got 11\n"
                    + "Pulumi.test-openapi-bad.yaml:4:7: orders:routes[0].batch.keyField is required: the field of each order that holds its idempotency key, such as orderId\n");
            });
        });
    });
});
