// The tickets app's public face: what a composition root, a bench or a test may use.
export { composeTickets } from './compose';
export { loadTicketsEnv, type TicketsConfig, type TicketsEnv, ticketsEnv, toTicketsConfig } from './config';
export {
  ANOMALY_OPENS,
  type AnomalyOpens,
  type CorrelationConfig,
  DEFAULT_CORRELATION_CONFIG,
} from './correlation/correlation.config';
export { CorrelationDriver } from './correlation/correlation-driver';
export { DetectionEventsHandler } from './events/detection-events.handler';
export type { DurationStats, OperationsFigures, OperationsReport } from './reports/operations-report';
export type { TicketEventDto, TicketSummaryDto } from './ticket-events/ticket-events.dto';
export { TicketsModule } from './tickets.module';
export type { TicketLifecycleEvent } from './tickets/ticket-lifecycle.event';
export { TicketsService } from './tickets/tickets.service';
export { TICKET_EVENTS, TICKETS_CONFIG } from './tokens';
