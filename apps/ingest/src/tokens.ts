/** Injection tokens of the ingest module. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
/** The AckingMqttServer instance: consumes telemetry and publishes dead letters on one connection. */
export const MQTT_SERVER = Symbol('MQTT_SERVER');
/** rxjs Subject<TelemetryPoint[]> of durably stored points, for in-process consumers (the detector). */
export const ACCEPTED_TELEMETRY = Symbol('ACCEPTED_TELEMETRY');
