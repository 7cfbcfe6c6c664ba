/** Injection tokens of the tickets module. */
export const TICKETS_CONFIG = Symbol('TICKETS_CONFIG');
/** rxjs Subject<TicketLifecycleEvent>: each lifecycle event (TicketOpened, ..., TicketAssigned) after its commit. */
export const TICKET_EVENTS = Symbol('TICKET_EVENTS');
