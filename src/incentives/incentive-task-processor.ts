import { crashPoint } from '../crash-point.js';
import { composeIncentiveTask, incentiveTaskStep, type IncentiveTaskKind } from '../domain/incentives/compose-incentive-task.js';
import type { IncentiveDeadline } from '../domain/incentives/incentive-due-date.js';
import type { CalendarDate } from '../domain/types.js';
import { findTaskByReference } from '../hubspot/find-task-by-reference.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { IncentiveRequest, IncentiveRequestStore } from './incentive-request-store.js';
import type { IncentiveRequestStepStore } from './incentive-request-step-store.js';
import { requestStatus } from './request-ledger-line.js';

/** HubSpot-defined association type id task → company. */
const TASK_TO_COMPANY = 192;

export interface IncentiveTaskProcessorOptions {
  client: HubSpotClient;
  store: IncentiveRequestStore;
  steps: IncentiveRequestStepStore;
  portalId: string;
  /** The portal's time zone, where a due day ends. */
  timeZone: string;
  /** Who gets the escalation of a missed deadline (the program's `registrations.escalationOwnerId`); else the partner's owner. */
  escalationOwnerId: string | null;
  now?: () => Date;
}

/** What creating a task did: `skipped` when the request no longer waits for it, or the task already exists. */
export type IncentiveTaskResult =
  | { outcome: 'skipped'; reason: 'not_found' | 'decided' | 'done' }
  | { outcome: 'created' | 'found'; taskId: string };

/**
 * Creates the HubSpot tasks of the incentive deadlines (docs/incentives.md, "Deadlines"), once per
 * request and step however often its job runs, as the registration clock does (docs/data.md,
 * "Incentive request steps"): the step is claimed in PostgreSQL before the task is created and
 * finished after; a run that takes over a killed one first looks for the task by its reference.
 * The task goes to the partner's owner (none when the company has none), on the partner company.
 */
export class IncentiveTaskProcessor {
  private readonly now: () => Date;

  constructor(private readonly options: IncentiveTaskProcessorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The task that starts a deadline: verify the claim, pay the approval. Skipped once the request moved on. */
  async startTask(requestId: string, deadline: IncentiveDeadline, dueOn: CalendarDate): Promise<IncentiveTaskResult> {
    const { store, portalId } = this.options;
    const request = await store.request(portalId, requestId);
    if (!request) return { outcome: 'skipped', reason: 'not_found' };
    const status = requestStatus(request, await store.ledgerOf(portalId, request.partnerId));
    const waiting = deadline === 'verification' ? status === 'pending' : status === 'approved';
    if (!waiting) return { outcome: 'skipped', reason: 'decided' };
    return this.once(request, 'task', deadline, dueOn);
  }

  /** The escalation of a missed deadline; the caller has already found it missed. */
  async escalate(request: IncentiveRequest, deadline: IncentiveDeadline, dueOn: CalendarDate): Promise<IncentiveTaskResult> {
    return this.once(request, 'escalation', deadline, dueOn);
  }

  private async once(request: IncentiveRequest, kind: IncentiveTaskKind, deadline: IncentiveDeadline, dueOn: CalendarDate): Promise<IncentiveTaskResult> {
    const { steps, portalId, client } = this.options;
    const step = incentiveTaskStep(kind, deadline);
    const claim = await steps.claim(portalId, request.id, step, this.now());
    if (claim.state === 'done') return { outcome: 'skipped', reason: 'done' };
    if (claim.state === 'busy') throw new Error(`incentive request ${request.id} ${step}: another run holds the step`);
    crashPoint('incentive-task.claimed');
    try {
      const partner = await this.partner(request.partnerId);
      const task = composeIncentiveTask({
        kind,
        deadline,
        requestId: request.id,
        requestType: request.type,
        amount: request.amount,
        partnerName: partner.name,
        dueOn,
        timeZone: this.options.timeZone,
      });
      const found = claim.state === 'new' ? null : await findTaskByReference(client, portalId, { type: 'companies', id: request.partnerId }, task.reference);
      const ownerId = kind === 'escalation' && this.options.escalationOwnerId !== null ? this.options.escalationOwnerId : partner.ownerId;
      const taskId = found ?? (await this.create(request.partnerId, task, ownerId));
      crashPoint('incentive-task.created');
      await steps.finish(portalId, request.id, step, taskId, this.now());
      return { outcome: found ? 'found' : 'created', taskId };
    } catch (error) {
      await steps.release(portalId, request.id, step);
      throw error;
    }
  }

  private async create(partnerId: string, task: ReturnType<typeof composeIncentiveTask>, ownerId: string | null): Promise<string> {
    const { client, portalId } = this.options;
    const created = await client.call({ portalId, operation: 'tasks.create' }, (sdk) =>
      sdk.crm.objects.tasks.basicApi.create({
        properties: {
          hs_task_subject: task.subject,
          hs_task_body: task.body,
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: task.priority,
          hs_task_type: 'TODO',
          hs_timestamp: new Date(task.dueAt).toISOString(),
          ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
        },
        associations: [{ to: { id: partnerId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] }] as never,
      }),
    );
    return created.id;
  }

  private async partner(partnerId: string): Promise<{ name: string; ownerId: string | null }> {
    const { client, portalId } = this.options;
    const company = await client.call({ portalId, operation: 'companies.read' }, (sdk) => sdk.crm.companies.basicApi.getById(partnerId, ['name', 'hubspot_owner_id']));
    return { name: company.properties.name?.trim() || `Company ${partnerId}`, ownerId: company.properties.hubspot_owner_id?.trim() || null };
  }
}
