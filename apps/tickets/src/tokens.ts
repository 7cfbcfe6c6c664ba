/** Injection tokens of the tickets module. */
export const TICKETS_CONFIG = Symbol('TICKETS_CONFIG');
/** rxjs Subject<TicketLifecycleEvent>: TicketOpened/Updated/Acknowledged/Resolved after each commit. */
export const TICKET_EVENTS = Symbol('TICKET_EVENTS');
