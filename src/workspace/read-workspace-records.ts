import { buildPropertySchema, type PropertySpec } from '../hubspot/property-schema.js';
import type { Program } from '../program/program-schema.js';
import type { Sandbox, SandboxRecord } from '../sandbox/index.js';

/** One row of the partners list. */
export interface PartnerRow {
  id: string;
  name: string;
  tier: string;
  score: number | null;
  trend: string;
  gapCount: number | null;
  health: number | null;
  partnerType: string;
}

/** A property of the record's panel: an input a person edits, or an output the app writes. */
export interface PanelProperty {
  name: string;
  label: string;
  value: string;
  kind: 'input' | 'output';
  type: string;
  fieldType: string;
  options: Array<{ value: string; label: string }>;
}

export interface TimelineItem {
  id: string;
  kind: 'note' | 'task';
  at: string;
  title: string;
  body: string;
  status?: string;
}

const number = (value: string | undefined) => (value === undefined || value === '' || Number.isNaN(Number(value)) ? null : Number(value));

/** Reads the sandbox portal the way HubSpot's own UI shows it (no API calls, no budget used). */
export class WorkspaceRecords {
  private readonly specs: Record<'companies' | 'contacts', PropertySpec[]>;

  constructor(private readonly sandbox: Sandbox, program: Program) {
    const schema = buildPropertySchema(program);
    this.specs = { companies: schema.companies, contacts: schema.contacts };
  }

  inputNames(type: 'companies' | 'contacts'): Set<string> {
    return new Set(this.specs[type].filter((spec) => spec.formField).map((spec) => spec.name));
  }

  partners(): PartnerRow[] {
    return this.sandbox.store
      .listRecords('companies')
      .filter((company) => company.properties.pe_is_partner === 'true')
      .map(({ id, properties: p }) => ({
        id,
        name: p.name ?? `Company ${id}`,
        tier: p.pe_tier || 'none',
        score: number(p.pe_readiness_score),
        trend: p.pe_readiness_trend ?? '',
        gapCount: number(p.pe_gap_count),
        health: number(p.pe_health_score),
        partnerType: p.pe_partner_type ?? '',
      }));
  }

  panel(type: 'companies' | 'contacts', record: SandboxRecord): PanelProperty[] {
    return this.specs[type].map((spec) => ({
      name: spec.name,
      label: spec.label,
      value: record.properties[spec.name] ?? '',
      kind: spec.formField ? 'input' : 'output',
      type: spec.type,
      fieldType: spec.fieldType,
      options: spec.options.filter((option) => !option.hidden).map(({ value, label }) => ({ value, label })),
    }));
  }

  company(id: string) {
    const record = this.sandbox.store.getCompany(id);
    if (!record) return undefined;
    const store = this.sandbox.store;
    const contacts = store.associatedIds('companies', id, 'contacts').flatMap((contactId) => {
      const contact = store.getContact(contactId);
      if (!contact) return [];
      const p = contact.properties;
      return [{ id: contactId, name: [p.firstname, p.lastname].filter(Boolean).join(' ') || `Contact ${contactId}`, email: p.email ?? '', role: p.pe_partner_role ?? '', validCertifications: number(p.pe_valid_certifications) }];
    });
    return {
      id,
      name: record.properties.name ?? `Company ${id}`,
      domain: record.properties.domain ?? '',
      properties: this.panel('companies', record),
      contacts,
      timeline: this.timeline(id),
    };
  }

  contact(id: string) {
    const record = this.sandbox.store.getContact(id);
    if (!record) return undefined;
    const p = record.properties;
    const companies = this.sandbox.store.associatedIds('contacts', id, 'companies').map((companyId) => ({
      id: companyId,
      name: this.sandbox.store.getCompany(companyId)?.properties.name ?? `Company ${companyId}`,
    }));
    return { id, name: [p.firstname, p.lastname].filter(Boolean).join(' ') || `Contact ${id}`, email: p.email ?? '', properties: this.panel('contacts', record), companies };
  }

  deal(id: string) {
    const record = this.sandbox.store.getRecord('deals', id);
    if (!record) return undefined;
    const partnerId = record.properties.pe_partner_company_id ?? '';
    const partner = partnerId ? this.sandbox.store.getCompany(partnerId) : undefined;
    return {
      id,
      name: record.properties.dealname ?? `Deal ${id}`,
      partner: partner ? { id: partnerId, name: partner.properties.name ?? `Company ${partnerId}` } : null,
    };
  }

  /** The notes and tasks on the company (the app's tier-change notes, declining and renewal tasks), newest first. */
  private timeline(companyId: string): TimelineItem[] {
    const store = this.sandbox.store;
    const of = (type: 'notes' | 'tasks') => store.listRecords(type).filter((record) => store.associatedIds(type, record.id, 'companies').includes(companyId));
    const notes = of('notes').map((note): TimelineItem => ({ id: note.id, kind: 'note', at: note.properties.hs_timestamp ?? note.properties.hs_createdate ?? '', title: 'Note', body: note.properties.hs_note_body ?? '' }));
    const tasks = of('tasks').map((task): TimelineItem => ({
      id: task.id,
      kind: 'task',
      at: task.properties.hs_timestamp ?? task.properties.hs_createdate ?? '',
      title: task.properties.hs_task_subject ?? 'Task',
      body: task.properties.hs_task_body ?? '',
      status: task.properties.hs_task_status ?? '',
    }));
    return [...notes, ...tasks].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}
