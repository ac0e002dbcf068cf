// The package's public entry point: the QueueApi component, its arguments and settings, and the
// helper that reads them from a Pulumi stack's config.
export { QueueApi, QUEUE_API_TYPE } from "./queueApi";
export {
    AccessLogArgs,
    AlarmsArgs,
    AttributeDataType,
    AttributeSource,
    Authorization,
    ConsumerArgs,
    ContextValue,
    DeadLetterAlarmArgs,
    DEFAULTS,
    Encryption,
    ExistingQueueArgs,
    HttpMethod,
    MessageGroupSource,
    QueueApiArgs,
    QueueApiSettings,
    QueueArgs,
    resolveSettings,
    RouteArgs,
    RouteSettings,
    Runtime,
    SettingsError,
    ThrottleArgs,
} from "./settings";
export { CONFIG_KEYS, projectDeclaredKeys, readStackConfig, resolveStackConfig, StackSettings } from "./stackConfig";
export { SETTINGS } from "./declarations";
export { QueueConsumer, QUEUE_CONSUMER_TYPE } from "./consumer";
