// The component's settings: its arguments with every default applied, the routes normalised into
// one list. What the walk of a declaration resolves (fieldWalk.ts), TypeScript reads from the
// declarations themselves (`Resolved`); what a resolver computes is written here.
import { ALARM_FIELDS } from "./alarmDeclarations";
import { AttributeSource, ExistingQueueArgs, MessageGroupSource, QuotaArgs } from "./args";
import { Resolved, ResolvedObjects, ResolvedWith } from "./declarationKinds";
import { SETTINGS } from "./declarations";
import { FRONT_DOOR } from "./frontDoorDeclarations";
import { CONSUMER_FIELDS, QUEUE_FIELDS } from "./queueDeclarations";
import { BATCH_FIELDS, ROUTE_FIELDS } from "./routeDeclarations";
import { ACCESS_LOG_FIELDS, THROTTLE_FIELDS } from "./stageDeclarations";

/** A queue's settings with every default applied. */
export type QueueSettings = Resolved<typeof QUEUE_FIELDS>;

/** A consumer with every default applied; `code` is the folder's absolute path. */
export type ConsumerSettings = Required<Resolved<typeof CONSUMER_FIELDS>>;

/** A batch route's settings: how many orders a request may hold, and the field of each that is its key. */
export type BatchSettings = ResolvedWith<typeof BATCH_FIELDS, "keyField">;

export type ThrottleSettings = Resolved<typeof THROTTLE_FIELDS>;
export type AccessLogSettings = Resolved<typeof ACCESS_LOG_FIELDS>;

/** One route with every default applied: the single-route form is a route like any other. */
export interface RouteSettings extends Omit<Resolved<typeof ROUTE_FIELDS>, "path" | "authorization" | "apiKeyRequired"> {
    /** How outputs name the route: `POST /orders`. */
    readonly key: string;
    /**
     * What the route's resources are named after, below the component's name: `post-orders` gives
     * `<name>-post-orders-queue`. Empty for the single-route form, whose resources have always been
     * named `<name>-queue`, `<name>-resource` and so on, so that existing stacks keep them.
     */
    readonly nameFragment: string;
    readonly path: string;
    readonly authorization: NonNullable<Resolved<typeof ROUTE_FIELDS>["authorization"]>;
    readonly apiKeyRequired: boolean;
    readonly queue: QueueSettings;
    readonly messageGroupId?: MessageGroupSource;
    readonly messageAttributes: Readonly<Record<string, AttributeSource>>;
    readonly requestSchema?: { readonly [key: string]: any };
    /** A route that takes a JSON array of orders per request; absent for one order per request. */
    readonly batch?: BatchSettings;
    readonly existingQueue?: ExistingQueueArgs;
    readonly consumer?: ConsumerSettings;
}

export interface AlarmSettings extends Omit<Resolved<typeof ALARM_FIELDS>, "enabled" | "snsTopicArn"> {
    /** Whether any alarm is raised: only with somewhere to send it. */
    readonly enabled: boolean;
    readonly snsTopicArn?: string;
    readonly subscribers: readonly string[];
    /** Set through the older `deadLetterAlarm`: the dead-letter alarm alone, as before. */
    readonly deadLettersOnly: boolean;
}

type FrontDoorFields<K extends keyof typeof FRONT_DOOR> = (typeof FRONT_DOOR)[K] extends { readonly type: { readonly fields: infer F } } ? F : never;

export type LambdaAuthorizerSettings = ResolvedWith<FrontDoorFields<"lambdaAuthorizer">, "functionArn">;
export type CorsSettings = Resolved<FrontDoorFields<"cors">>;
export type DomainSettings = ResolvedWith<FrontDoorFields<"domain">, "name" | "certificateArn">;
/** A web ACL with its limit per address: as given, or defaulted from the stage's rate and the routes (frontDoor.ts). */
export type WebAclSettings = ResolvedWith<FrontDoorFields<"webAcl">, "rateLimitPerIp">;

/** A client of `apiKeys`, its quota and its throttle as given (both limits of a throttle, defaulted). */
export interface ApiClientSettings {
    readonly name: string;
    readonly quota?: QuotaArgs;
    readonly throttle?: ThrottleSettings;
}

/** The front door with its defaults applied: who may call, from which browsers, at which address, behind which firewall. */
export interface FrontDoorSettings extends Resolved<typeof FRONT_DOOR> {
    readonly cognitoAuthorizer?: Resolved<FrontDoorFields<"cognitoAuthorizer">>;
    readonly lambdaAuthorizer?: LambdaAuthorizerSettings;
    readonly apiClients: readonly ApiClientSettings[];
    readonly cors?: CorsSettings;
    readonly domain?: DomainSettings;
    readonly webAcl?: WebAclSettings;
}

/** The API-wide settings outside the front door: the single route's are its route's, the front door's its own. */
export type ApiWide<F> = { readonly [K in keyof F as F[K] extends { readonly scope: "api" } ? (K extends keyof typeof FRONT_DOOR ? never : K) : never]: F[K] };

/**
 * Every setting with its default applied, the routes normalised into one list. The API-wide values
 * and objects the walk resolves (the stage's name, its throttle, …) are typed from their declarations.
 */
export interface QueueApiSettings extends Resolved<ApiWide<typeof SETTINGS>>, ResolvedObjects<ApiWide<typeof SETTINGS>> {
    /** At least one: the listed routes, or the single route. */
    readonly routes: readonly RouteSettings[];
    readonly alarms: AlarmSettings;
    readonly frontDoor: FrontDoorSettings;
    readonly tags: Readonly<Record<string, string>>;
}
