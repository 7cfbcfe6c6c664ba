/** Injection tokens of the tickets module. */
export const TICKETS_CONFIG = Symbol('TICKETS_CONFIG');
/** rxjs Subject<TicketLifecycleEvent>: TicketOpened/Updated/Acknowledged/Resolved after each commit (notifier). */
export const TICKET_EVENTS = Symbol('TICKET_EVENTS');
/** Observable<DetectionEvent> consumed in process (the all-in-one runtime); absent in MQTT mode. */
export const DETECTION_EVENTS = Symbol('DETECTION_EVENTS');
