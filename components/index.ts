export { QueueApi, QUEUE_API_TYPE } from "./queueApi";
export {
    AccessLogArgs,
    Authorization,
    DEFAULTS,
    QueueApiArgs,
    QueueApiSettings,
    QueueArgs,
    resolveSettings,
    SettingsError,
    ThrottleArgs,
} from "./settings";
