// Runs code on Pulumi's mocked runtime and records every resource it registers: type, name,
// resolved inputs, parent, protect/retainOnDelete, dependsOn and which resources each input came
// from (the mocks alone see neither options nor dependencies).
import { createHash } from "node:crypto";

import * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../policy/awsTypes";

// Internal to the SDK, and the only way to know every registration has finished.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
// Internal too: the registrations a failed one leaves waiting, which the SDK would report at exit as leaks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { leakedPromises } = require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises: () => unknown };

export const ACCOUNT_ID = "123456789012";

export interface Registered {
    readonly type: string;
    readonly name: string;
    /** The id the mocks gave it, which other resources' inputs refer to. */
    readonly id: string;
    readonly inputs: Record<string, any>;
    /** The resource's outputs as the mocks return them: its inputs plus what AWS would compute. */
    readonly state: Record<string, any>;
    readonly parent?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly dependsOn: readonly string[];
    /** Per input, the names of the resources its value came from, as the engine's propertyDependencies. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** The resource's aliases: URNs, or what differs from its URN (another name, type or parent, by name). */
    readonly aliases: readonly AliasSpec[];
}

/** An alias as a program writes it: a URN, or the parts of the old URN that differ. */
export type AliasSpec = string | { readonly name?: string; readonly type?: string; readonly parent?: string; readonly noParent?: boolean };

export interface MockRun<T> {
    readonly resources: Registered[];
    /** What the code returned, with every output resolved (for a program: its exports). */
    readonly result: T;
    /** What the code threw, if it threw. */
    readonly error?: unknown;
}

export interface MockOptions {
    readonly project?: string;
    readonly stack?: string;
    readonly preview?: boolean;
    /** Raw stack config, `<namespace>:<key>` to string, as the CLI passes it. */
    readonly config?: Readonly<Record<string, string>>;
}

function resourceName(resource: pulumi.Resource | undefined): string | undefined {
    return resource ? (resource as unknown as { __name?: string }).__name : undefined;
}

function mockState(type: string, name: string, inputs: Record<string, any>, region: string): Record<string, any> {
    const base = { ...inputs };
    switch (type) {
        case TYPES.queue: {
            // As the provider names them: a FIFO queue's name ends in .fifo.
            const queueName = inputs.name ?? (inputs.fifoQueue ? `${name}.fifo` : name);
            return {
                ...base,
                name: queueName,
                arn: `arn:aws:sqs:${region}:${ACCOUNT_ID}:${queueName}`,
                url: `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${queueName}`,
            };
        }
        case TYPES.role:
            return { ...base, name, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}` };
        case TYPES.restApi:
            return { ...base, name: inputs.name ?? name, rootResourceId: `${name}-root`, executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${name}-id` };
        case TYPES.stage:
            return {
                ...base,
                invokeUrl: `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
                arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`,
                executionArn: `arn:aws:execute-api:${region}:${ACCOUNT_ID}:${inputs.restApi}/${inputs.stageName}`,
            };
        case TYPES.apiKey:
            // AWS generates a key of 20 or more characters when none is given.
            return { ...base, value: inputs.value ?? createHash("sha256").update(name).digest("base64url").slice(0, 40) };
        case TYPES.domainName:
            return { ...base, regionalDomainName: `d-${name}.execute-api.${region}.amazonaws.com`, regionalZoneId: "ZMOCKREGIONALZONE" };
        case TYPES.webAcl:
            return { ...base, arn: `arn:aws:wafv2:${region}:${ACCOUNT_ID}:regional/webacl/${name}/00000000-0000-4000-8000-000000000000` };
        case TYPES.kmsKey:
            return { ...base, arn: `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${name}`, keyId: name };
        case TYPES.topic:
            return { ...base, name: inputs.name ?? name, arn: `arn:aws:sns:${region}:${ACCOUNT_ID}:${inputs.name ?? name}` };
        case TYPES.logGroup:
            return { ...base, name: inputs.name ?? name, arn: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${inputs.name ?? name}` };
        case TYPES.lambdaFunction: {
            const functionName = inputs.name ?? name;
            const arn = `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`;
            // The archive stays in the inputs (its path is a promise there); the outputs hold plain data only.
            const rest = { ...base };
            delete rest.code;
            return { ...rest, name: functionName, arn, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations` };
        }
        case TYPES.eventSourceMapping:
            return { ...base, uuid: `${name}-uuid`, functionArn: inputs.functionName, state: "Enabled" };
        case TYPES.dashboard:
            return { ...base, dashboardArn: `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${inputs.dashboardName}` };
        default:
            return base;
    }
}

/** Runs `build` as the body of a stack on the mocked runtime and waits for every registration. */
export async function runMocked<T>(build: () => T | Promise<T>, options: MockOptions = {}): Promise<MockRun<Awaited<T>>> {
    const config = options.config ?? {};
    const region = config["aws:region"] ?? "us-east-1";
    const inputsByName = new Map<string, Record<string, any>>();
    const stateByName = new Map<string, Record<string, any>>();
    const idByName = new Map<string, string>();
    const optionsByName = new Map<string, Omit<Registered, "inputs" | "state" | "id" | "propertyDependencies">>();
    const dependenciesByName = new Map<string, Record<string, string[]>>();
    const serializing: Promise<void>[] = [];
    const order: string[] = [];

    await pulumi.runtime.setMocks({
        newResource: (args) => {
            inputsByName.set(args.name, args.inputs);
            const state = mockState(args.type, args.name, args.inputs, region);
            stateByName.set(args.name, state);
            // IAM names roles by their id; other resources get a recognisable id of their own.
            const id = args.type === TYPES.role ? state.name : `${args.name}-id`;
            idByName.set(args.name, id);
            return { id, state };
        },
        call: (args) => {
            switch (args.token) {
                case "aws:index/getPartition:getPartition":
                    return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
                case "aws:index/getRegion:getRegion":
                    return { id: region, region, name: region };
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { id: ACCOUNT_ID, accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`, userId: "test" };
                default:
                    throw new Error(`no mock for the call ${args.token}`);
            }
        },
    }, options.project ?? "orders", options.stack ?? "test", options.preview ?? false);
    pulumi.runtime.setAllConfig({ ...config });

    let result: unknown;
    let error: unknown;
    // A resource whose inputs or dependencies fail is never registered, and the SDK leaves the
    // failure unhandled, as the Pulumi CLI's language host reports it: the run ends with that error,
    // and what waited for the resource waits no more.
    let failed = false;
    let onFailure: (reason: unknown) => void = () => undefined;
    const failure = new Promise<void>((resolve) => {
        onFailure = (reason) => {
            error ??= reason;
            failed = true;
            resolve();
        };
    });
    process.on("unhandledRejection", onFailure);
    try {
        await Promise.race([failure, registered()]);
    } finally {
        process.off("unhandledRejection", onFailure);
    }
    if (failed) {
        leakedPromises();
        return { resources: recorded(), result: undefined as Awaited<T>, error };
    }
    const resolved = await resolveOutputs(result);
    return { resources: recorded(), result: resolved as Awaited<T>, error };

    async function registered(): Promise<void> {
        await runProgram();
        await waitForRPCs();
        await Promise.all(serializing);
    }

    function recorded(): Registered[] {
        return order.map((name) => ({
            ...optionsByName.get(name)!,
            id: idByName.get(name) ?? "",
            inputs: inputsByName.get(name) ?? {},
            state: stateByName.get(name) ?? {},
            propertyDependencies: dependenciesByName.get(name) ?? {},
        }));
    }

    async function runProgram(): Promise<void> {
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                const dependsOn = args.opts.dependsOn;
                // A dependency given as an output (a check the resource waits for) names no resource.
                const dependencies = (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []).filter(pulumi.Resource.isInstance);
                order.push(args.name);
                optionsByName.set(args.name, {
                    type: args.type,
                    name: args.name,
                    parent: resourceName(args.opts.parent),
                    protect: args.opts.protect === true,
                    retainOnDelete: args.opts.retainOnDelete === true,
                    dependsOn: dependencies.map((d) => resourceName(d) ?? "?"),
                    aliases: ((args.opts.aliases ?? []) as unknown[]).map((alias): AliasSpec => {
                        if (typeof alias === "string") {
                            return alias;
                        }
                        const spec = alias as { name?: string; type?: string; parent?: pulumi.Resource | string; noParent?: boolean };
                        return {
                            ...(spec.name !== undefined ? { name: spec.name } : {}),
                            ...(spec.type !== undefined ? { type: spec.type } : {}),
                            ...(spec.parent !== undefined ? { parent: typeof spec.parent === "string" ? spec.parent : resourceName(spec.parent) } : {}),
                            ...(spec.noParent ? { noParent: true } : {}),
                        };
                    }),
                });
                // The SDK's own serializer says which resources each input's value came from.
                serializing.push(pulumi.runtime.serializeResourceProperties(args.name, args.props).then(([, byProperty]) => {
                    dependenciesByName.set(args.name, Object.fromEntries([...byProperty]
                        .map(([property, resources]) => [property, [...resources].map((r) => resourceName(r) ?? "?")] as const)
                        .filter(([, names]) => names.length > 0)));
                }, () => undefined));
                return undefined;
            });
            try {
                result = await build();
            } catch (err) {
                error = err;
            }
            return {};
        });
    }
}

/** Resolves every Output in a value (one level of object properties), or undefined when unknown. */
export async function resolveOutputs(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        return outputValue(value);
    }
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) =>
            [k, pulumi.Output.isInstance(v) ? await outputValue(v) : v] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/** An Output's value, or undefined when it is unknown (as in a preview). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    return new Promise((resolve) => output.apply((v) => {
        resolve(v);
        return v;
    }));
}

export function byType(run: { resources: readonly Registered[] }, type: string): Registered[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: { resources: readonly Registered[] }, type: string): Registered {
    const found = byType(run, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}

export function named(run: { resources: readonly Registered[] }, name: string): Registered {
    const found = run.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource named ${name}`);
    }
    return found;
}
