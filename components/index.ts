export { QueueApi, QUEUE_API_TYPE } from "./queueApi";
export {
    AccessLogArgs,
    Authorization,
    DeadLetterAlarmArgs,
    DEFAULTS,
    Encryption,
    HttpMethod,
    QueueApiArgs,
    QueueApiSettings,
    QueueArgs,
    resolveSettings,
    RouteArgs,
    RouteSettings,
    SettingsError,
    ThrottleArgs,
} from "./settings";
