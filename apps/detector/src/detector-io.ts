import type { AckingMqttServer } from '@preempt/common';
import type { TelemetryPoint } from '@preempt/contracts';
import type { Database } from '@preempt/storage';
import type { Observable } from 'rxjs';

/**
 * How points reach the detector and events leave it:
 * - `mqtt` (own process): the AckingMqttServer subscribed to the owned `points/{p}/+/+` partitions;
 *   events are published QoS 1 on `events/{tenant}/{device}` (and also emitted on DETECTION_EVENTS).
 * - `inprocess` (all-in-one): an Observable of accepted points (ingest's ACCEPTED_TELEMETRY); events only
 *   on the DETECTION_EVENTS Subject.
 */
export type DetectorIo = (
  { mode: 'mqtt'; mqtt: AckingMqttServer } | { mode: 'inprocess'; telemetry: Observable<TelemetryPoint[]> }
) & {
  /** an already open Database to share (the all-in-one's single PGlite); else DATABASE_URL / DATA_DIR is opened */
  database?: Database;
};
