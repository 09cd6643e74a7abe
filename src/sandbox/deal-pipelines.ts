/** A deal stage as `/crm/v3/pipelines/deals` returns it. */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  /** Deals: `isClosed` and `probability`, both strings, as HubSpot returns them. */
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT';
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface StageInput {
  label?: unknown;
  displayOrder?: unknown;
  metadata?: unknown;
}

export type PipelineCreateResult = { ok: true; pipeline: Pipeline } | { ok: false; status: 400 | 409; message: string };

const EPOCH = '2020-01-01T00:00:00.000Z';

// HubSpot's "Sales Pipeline" of every new portal, with its stage ids and probabilities.
const DEFAULT_STAGES: Array<[string, string, string]> = [
  ['appointmentscheduled', 'Appointment Scheduled', '0.2'],
  ['qualifiedtobuy', 'Qualified To Buy', '0.4'],
  ['presentationscheduled', 'Presentation Scheduled', '0.6'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'],
  ['contractsent', 'Contract Sent', '0.9'],
  ['closedwon', 'Closed Won', '1.0'],
  ['closedlost', 'Closed Lost', '0.0'],
];

/**
 * The deal pipelines of one portal. Stage probability 1.0 is closed won and 0.0 closed lost, as
 * HubSpot derives `hs_is_closed_won` and `hs_is_closed` from a stage's `isClosed` and `probability`.
 */
export class DealPipelines {
  private readonly pipelines = new Map<string, Pipeline>();
  private nextPipelineId = 1_000_001;
  private nextStageId = 2_000_001;

  constructor(
    private readonly now: () => number,
    /** How many deal pipelines the portal's plan allows (Free 1, Starter 2, Professional 15). */
    readonly limit: number,
  ) {
    this.pipelines.set('default', {
      id: 'default',
      label: 'Sales Pipeline',
      displayOrder: 0,
      createdAt: EPOCH,
      updatedAt: EPOCH,
      archived: false,
      stages: DEFAULT_STAGES.map(([id, label, probability], index) => ({
        id,
        label,
        displayOrder: index,
        metadata: { isClosed: String(id === 'closedwon' || id === 'closedlost'), probability },
        createdAt: EPOCH,
        updatedAt: EPOCH,
        archived: false,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      })),
    });
  }

  list(): Pipeline[] {
    return [...this.pipelines.values()].filter((p) => !p.archived).sort((a, b) => a.displayOrder - b.displayOrder);
  }

  get(id: string): Pipeline | undefined {
    const pipeline = this.pipelines.get(id);
    return pipeline && !pipeline.archived ? pipeline : undefined;
  }

  stage(pipelineId: string, stageId: string): PipelineStage | undefined {
    return this.get(pipelineId)?.stages.find((stage) => stage.id === stageId && !stage.archived);
  }

  /** Validates like HubSpot (a label, at least one stage, every deal stage with a probability) and stores it. */
  create(input: { label?: unknown; displayOrder?: unknown; stages?: unknown }): PipelineCreateResult {
    const label = typeof input.label === 'string' ? input.label.trim() : '';
    if (label === '') return { ok: false, status: 400, message: 'Pipeline label is required.' };
    if (!Array.isArray(input.stages) || input.stages.length === 0) {
      return { ok: false, status: 400, message: 'A pipeline needs at least one stage.' };
    }
    if (this.list().some((p) => p.label.toLowerCase() === label.toLowerCase())) {
      return { ok: false, status: 409, message: `A pipeline with label ${label} already exists.` };
    }
    const at = new Date(this.now()).toISOString();
    const stages: PipelineStage[] = [];
    for (const [index, raw] of (input.stages as StageInput[]).entries()) {
      const stageLabel = typeof raw?.label === 'string' ? raw.label.trim() : '';
      if (stageLabel === '') return { ok: false, status: 400, message: `Stage ${index} needs a label.` };
      const metadata = raw.metadata && typeof raw.metadata === 'object' ? (raw.metadata as Record<string, unknown>) : {};
      const probability = Number(metadata.probability);
      if (metadata.probability === undefined || !Number.isFinite(probability) || probability < 0 || probability > 1) {
        return { ok: false, status: 400, message: `Deal stage ${stageLabel} needs metadata.probability between 0.0 and 1.0.` };
      }
      const closed = metadata.isClosed !== undefined ? String(metadata.isClosed) === 'true' : probability === 0 || probability === 1;
      stages.push({
        id: String(this.nextStageId++),
        label: stageLabel,
        displayOrder: Number.isFinite(Number(raw.displayOrder)) ? Number(raw.displayOrder) : index,
        metadata: { isClosed: String(closed), probability: probability.toFixed(1) },
        createdAt: at,
        updatedAt: at,
        archived: false,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      });
    }
    const labels = stages.map((s) => s.label.toLowerCase());
    if (new Set(labels).size !== labels.length) return { ok: false, status: 400, message: 'Stage labels must be unique within a pipeline.' };
    const pipeline: Pipeline = {
      id: String(this.nextPipelineId++),
      label,
      displayOrder: Number.isFinite(Number(input.displayOrder)) ? Number(input.displayOrder) : this.list().length,
      stages,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.pipelines.set(pipeline.id, pipeline);
    return { ok: true, pipeline };
  }

  /** Whether the plan allows one more pipeline. */
  hasRoom(): boolean {
    return this.list().length < this.limit;
  }
}
