import type { Logger } from 'pino';
import { isAppError } from '../errors.js';
import type { HubSpotClient } from './hubspot-client.js';
import { REGISTRATION_PIPELINE } from './registration-pipeline.js';

export interface SetupRegistrationsOptions {
  /** The portal whose rate-limit budget the calls draw on. */
  portalId: string;
  /** Read and plan only: nothing is created. */
  dryRun?: boolean;
  logger?: Logger;
}

/**
 * - `create`: made now (or, in a dry run, would be).
 * - `unchanged`: already there as setup makes it.
 * - `fallback`: the portal's plan does not allow it; registrations do without it, as `note` says.
 * - `conflict`: there, but not as registrations need it (`note` says what differs); left alone.
 */
export type RegistrationSetupAction = 'create' | 'unchanged' | 'fallback' | 'conflict';

export interface RegistrationSetupEntry {
  name: string;
  action: RegistrationSetupAction;
  note?: string;
}

export interface RegistrationSetupReport {
  dryRun: boolean;
  pipeline: RegistrationSetupEntry & {
    /** The pipeline registrations go to: the new or found one, `default` on a fallback; undefined in a dry run before creation. */
    pipelineId: string | undefined;
  };
  label: RegistrationSetupEntry & {
    /** The deal→company type id of the label; undefined on a fallback or in a dry run before creation. */
    typeId: number | undefined;
  };
}

interface ExistingStage {
  label: string;
  metadata?: Record<string, string>;
  archived?: boolean;
}

const PIPELINE_FALLBACK =
  "this portal's plan allows no second deal pipeline: registrations go to the default pipeline, their state carried by pe_registration_status alone";
const LABEL_FALLBACK =
  "this portal's plan has no custom association labels: a registration deal is associated with its partner company unlabelled and the partner is named by pe_partner_company_id alone";

/**
 * Whether HubSpot refused because the plan does not allow it (403), not because the request was
 * wrong. A token without the deal scopes is answered 403 too, with category `MISSING_SCOPES`: that
 * is the app's installation to fix, not the plan, so it stays an error.
 */
function refusedByPlan(error: unknown): boolean {
  if (!isAppError(error, 'HUBSPOT_REJECTED')) return false;
  const details = error.details as { status?: number; category?: string } | undefined;
  return details?.status === 403 && details.category !== 'MISSING_SCOPES';
}

/** What an existing registrations pipeline lacks: missing stages, or stages closed or won differently. */
function stageDifferences(stages: ExistingStage[]): string[] {
  const byLabel = new Map(stages.filter((stage) => !stage.archived).map((stage) => [stage.label.toLowerCase(), stage]));
  const differences: string[] = [];
  for (const wanted of REGISTRATION_PIPELINE.stages) {
    const stage = byLabel.get(wanted.label.toLowerCase());
    if (!stage) {
      differences.push(`stage ${wanted.label} is missing`);
      continue;
    }
    const closed = stage.metadata?.isClosed === 'true';
    const won = Number(stage.metadata?.probability) === 1;
    if (closed !== wanted.isClosed || won !== (wanted.probability === '1.0')) {
      differences.push(`stage ${wanted.label} should be ${wanted.status === 'won' ? 'closed won' : wanted.isClosed ? 'closed lost' : 'open'}`);
    }
  }
  return differences;
}

async function setupPipeline(client: HubSpotClient, portalId: string, dryRun: boolean): Promise<RegistrationSetupReport['pipeline']> {
  const name = `deal pipeline "${REGISTRATION_PIPELINE.label}"`;
  const all = await client.call({ portalId, operation: 'pipelines.deals.read' }, (sdk) => sdk.crm.pipelines.pipelinesApi.getAll('deals'));
  const found = all.results.find((pipeline) => !pipeline.archived && pipeline.label.trim().toLowerCase() === REGISTRATION_PIPELINE.label.toLowerCase());
  if (found) {
    const differences = stageDifferences(found.stages as ExistingStage[]);
    if (differences.length === 0) return { name, action: 'unchanged', pipelineId: found.id };
    return { name, action: 'conflict', note: `${differences.join('; ')}; fix the stages in HubSpot's pipeline settings`, pipelineId: found.id };
  }
  if (dryRun) return { name, action: 'create', pipelineId: undefined };
  try {
    const created = await client.call({ portalId, operation: 'pipelines.deals.create' }, (sdk) =>
      sdk.crm.pipelines.pipelinesApi.create('deals', {
        label: REGISTRATION_PIPELINE.label,
        displayOrder: all.results.length,
        stages: REGISTRATION_PIPELINE.stages.map((stage, displayOrder) => ({
          label: stage.label,
          displayOrder,
          metadata: { isClosed: String(stage.isClosed), probability: stage.probability },
        })),
      }),
    );
    return { name, action: 'create', pipelineId: created.id };
  } catch (error) {
    if (!refusedByPlan(error)) throw error;
    return { name, action: 'fallback', note: PIPELINE_FALLBACK, pipelineId: 'default' };
  }
}

async function setupLabel(client: HubSpotClient, portalId: string, dryRun: boolean): Promise<RegistrationSetupReport['label']> {
  const { partnerLabel } = REGISTRATION_PIPELINE;
  const name = `association label "${partnerLabel.label}" (deal → company)`;
  const all = await client.call({ portalId, operation: 'associations.labels.deals.companies.read' }, (sdk) =>
    sdk.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies'),
  );
  const found = all.results.find((type) => type.category === 'USER_DEFINED' && (type.label ?? '').trim().toLowerCase() === partnerLabel.label.toLowerCase());
  if (found) return { name, action: 'unchanged', typeId: found.typeId };
  if (dryRun) return { name, action: 'create', typeId: undefined };
  try {
    const created = await client.call({ portalId, operation: 'associations.labels.deals.companies.create' }, (sdk) =>
      sdk.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { ...partnerLabel }),
    );
    const forward = created.results.find((type) => type.label === partnerLabel.label) ?? created.results[0];
    return { name, action: 'create', typeId: forward?.typeId };
  } catch (error) {
    if (!refusedByPlan(error)) throw error;
    // A refused label means an unlabelled association: HubSpot's own deal→company type.
    return { name, action: 'fallback', note: LABEL_FALLBACK, typeId: undefined };
  }
}

/**
 * Prepares a portal for deal registration: the *Partner registrations* deal pipeline with its
 * stages and the *Registered partner* association label (docs/properties.md, "Registration
 * pipeline and association label"). Creates what is missing and never changes what exists; a
 * plan that allows neither is not an error: the report says what registrations do instead, and
 * setup goes on. A run with nothing to do sends only the two reads.
 */
export async function setupRegistrations(client: HubSpotClient, options: SetupRegistrationsOptions): Promise<RegistrationSetupReport> {
  const { portalId, logger } = options;
  const dryRun = options.dryRun ?? false;
  const pipeline = await setupPipeline(client, portalId, dryRun);
  const label = await setupLabel(client, portalId, dryRun);
  logger?.info({ portalId, dryRun, pipeline: pipeline.action, label: label.action }, 'HubSpot deal registration set up');
  return { dryRun, pipeline, label };
}
