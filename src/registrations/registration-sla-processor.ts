import type { AuditTrail } from '../audit/audit-trail.js';
import type { SlaStep } from '../domain/registrations/assess-registration-sla.js';
import { findTaskByReference } from '../hubspot/find-task-by-reference.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import type { RegistrationStepStore } from './registration-step-store.js';

/** HubSpot-defined association type id task → deal. */
const TASK_TO_DEAL = 216;

export interface RegistrationSlaProcessorOptions {
  client: HubSpotClient;
  audit: AuditTrail;
  portalId: string;
  settings: RegistrationSettings;
  /** Where the reminder and escalation are recorded as done, so a step planned again is not run twice. */
  steps?: RegistrationStepStore;
  now?: () => Date;
}

/** The reference a step's task body carries, to find it again (docs/data.md, "Registration steps"). */
function taskReference(dealId: string, step: 'remind' | 'escalate'): string {
  return `registration-step/${dealId}/${step}`;
}

/** What one step did: `skipped` when the registration was no longer waiting for a decision. */
export type SlaStepResult = { step: SlaStep; outcome: 'skipped'; status: string } | { step: SlaStep; outcome: 'done'; taskId?: string };

/**
 * Runs one step of a registration's decision clock when its delayed job comes due
 * (docs/registrations.md, "Decision deadline"). A registration no longer submitted (decided, won,
 * lost) is left alone. The reminder is a task for the partner's owner (the partner manager), the
 * escalation a task for `escalationOwnerId` (else the partner's owner); at the deadline the
 * registration stays submitted, `pe_registration_sla_breached` becomes true and the breach is audited.
 */
export class RegistrationSlaProcessor {
  private readonly now: () => Date;

  constructor(private readonly options: RegistrationSlaProcessorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async runStep(dealId: string, step: SlaStep): Promise<SlaStepResult> {
    const { client, portalId } = this.options;
    const deal = await client.call({ portalId, operation: 'deals.read' }, (sdk) =>
      sdk.crm.deals.basicApi.getById(dealId, ['dealname', 'pe_registration_status', 'pe_partner_company_id', 'pe_registration_due_at', 'pe_registration_sla_breached']),
    );
    const status = deal.properties.pe_registration_status?.trim() ?? '';
    if (status !== 'submitted') return { step, outcome: 'skipped', status };
    const partnerId = deal.properties.pe_partner_company_id?.trim() || null;
    if (step === 'breach') {
      // Planned again after a Redis loss, a breach already recorded is not recorded twice.
      if (deal.properties.pe_registration_sla_breached === 'true') return { step, outcome: 'skipped', status };
      return this.breach(dealId, partnerId);
    }
    const steps = this.options.steps;
    if (!steps) return this.createTask(dealId, step, deal.properties, partnerId);
    // Recorded in PostgreSQL before the task is created (docs/registrations.md, "Clocks after a Redis loss").
    const at = this.now();
    const claim = await steps.claim(portalId, dealId, step, at);
    if (claim.state === 'done') return { step, outcome: 'skipped', status };
    if (claim.state === 'busy') throw new Error(`registration ${dealId} ${step}: another run holds the step`);
    try {
      const found = claim.state === 'new' ? null : await findTaskByReference(this.options.client, portalId, { type: 'deals', id: dealId }, taskReference(dealId, step));
      const result = found !== null ? { step, outcome: 'done' as const, taskId: found } : await this.createTask(dealId, step, deal.properties, partnerId);
      await steps.finish(portalId, dealId, step, result.outcome === 'done' ? result.taskId ?? null : null, this.now());
      return result;
    } catch (error) {
      await steps.release(portalId, dealId, step);
      throw error;
    }
  }

  private async createTask(dealId: string, step: 'remind' | 'escalate', properties: Record<string, string | null>, partnerId: string | null): Promise<SlaStepResult> {
    const { client, portalId } = this.options;
    const ownerId = step === 'escalate' && this.options.settings.escalationOwnerId !== null
      ? this.options.settings.escalationOwnerId
      : await this.partnerOwner(partnerId);
    const name = properties.dealname ?? `Registration ${dealId}`;
    const due = properties.pe_registration_due_at ?? '';
    const subject = step === 'remind' ? `Decide the partner registration "${name}"` : `Overdue soon: partner registration "${name}"`;
    const body = step === 'remind'
      ? `The partner registration "${name}" awaits a decision, due ${due}.`
      : `The partner registration "${name}" still awaits a decision, due ${due}: it is escalated to you.`;
    const reference = `\n\nReference: ${taskReference(dealId, step)}`;
    const task = await client.call({ portalId, operation: 'tasks.create' }, (sdk) =>
      sdk.crm.objects.tasks.basicApi.create({
        properties: {
          hs_task_subject: subject,
          hs_task_body: `${body}${reference}`,
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: step === 'remind' ? 'MEDIUM' : 'HIGH',
          hs_task_type: 'TODO',
          hs_timestamp: due === '' ? this.now().toISOString() : new Date(due).toISOString(),
          ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
        },
        associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL }] }] as never,
      }),
    );
    return { step, outcome: 'done', taskId: task.id };
  }

  private async breach(dealId: string, partnerId: string | null): Promise<SlaStepResult> {
    const { client, portalId, audit } = this.options;
    await client.call({ portalId, operation: 'deals.update' }, (sdk) =>
      sdk.crm.deals.basicApi.update(dealId, { properties: { pe_registration_sla_breached: 'true' } }),
    );
    await audit.record({
      portalId,
      ...(partnerId ? { companyId: partnerId } : {}),
      actor: { type: 'system' },
      action: 'registration.sla_breached',
      after: { registrationId: dealId, status: 'submitted', slaBreached: true },
      at: this.now().getTime(),
    });
    return { step: 'breach', outcome: 'done' };
  }

  private async partnerOwner(partnerId: string | null): Promise<string | null> {
    if (partnerId === null) return null;
    const { client, portalId } = this.options;
    const company = await client.call({ portalId, operation: 'companies.read' }, (sdk) => sdk.crm.companies.basicApi.getById(partnerId, ['hubspot_owner_id']));
    return company.properties.hubspot_owner_id?.trim() || null;
  }
}
