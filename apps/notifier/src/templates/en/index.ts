import type { Language } from '../template';
import { acknowledged } from './acknowledged';
import { assigned } from './assigned';
import { digest } from './digest';
import { escalated } from './escalated';
import { maintenanceCancelled } from './maintenance-cancelled';
import { maintenanceCompleted } from './maintenance-completed';
import { maintenanceReminder } from './maintenance-reminder';
import { maintenanceRescheduled } from './maintenance-rescheduled';
import { maintenanceScheduled } from './maintenance-scheduled';
import { opened } from './opened';
import { outageSuspected } from './outage-suspected';
import { renotified } from './renotified';
import { resolved } from './resolved';
import { retired } from './retired';
import { severityRaised } from './severity-raised';
import { subscriptionDisabled } from './subscription-disabled';
import { withdrawn } from './withdrawn';
import { duration, problem } from './words';

/** English: one file per notice kind. */
export const en: Language = {
  templates: {
    opened,
    'severity-raised': severityRaised,
    acknowledged,
    assigned,
    'maintenance-scheduled': maintenanceScheduled,
    'maintenance-rescheduled': maintenanceRescheduled,
    'maintenance-cancelled': maintenanceCancelled,
    'maintenance-reminder': maintenanceReminder,
    'maintenance-completed': maintenanceCompleted,
    resolved,
    withdrawn,
    retired,
    'outage-suspected': outageSuspected,
    renotified,
    escalated,
    'subscription-disabled': subscriptionDisabled,
    digest,
  },
  problem,
  duration,
};
