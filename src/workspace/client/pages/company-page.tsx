/// <reference lib="dom" />
import { useState } from 'react';
import { CardSlot } from '../card-host/card-slot.js';
import { PropertyPanel, type PanelProperty } from '../components/property-panel.js';
import { WorkflowPanel } from '../components/workflow-panel.js';
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson, type WorkspaceApp } from '../workspace-api.js';

interface AuditEntry {
  id: string;
  at: number;
  action: string;
  actor: unknown;
  before?: unknown;
  after?: unknown;
}

interface CompanyRecord {
  id: string;
  name: string;
  domain: string;
  properties: PanelProperty[];
  contacts: Array<{ id: string; name: string; email: string; role: string; validCertifications: number | null }>;
  timeline: Array<{ id: string; kind: 'note' | 'task'; at: string; title: string; body: string; status?: string }>;
  audit: AuditEntry[];
}

/** Output values as one string: when the app writes new ones, the cards are drawn again. */
export function outputsKey(properties: PanelProperty[]): string {
  return properties.filter((p) => p.kind === 'output').map((p) => p.value).join('|');
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What an entry changed, one line per field: `name: before → after`. */
function changes(entry: AuditEntry): string[] {
  const before = (entry.before && typeof entry.before === 'object' ? entry.before : {}) as Record<string, unknown>;
  const after = (entry.after && typeof entry.after === 'object' ? entry.after : {}) as Record<string, unknown>;
  if (typeof entry.after !== 'object' || entry.after === null) return entry.after === undefined ? [] : [describeValue(entry.after)];
  return Object.keys(after).map((name) => `${name}: ${describeValue(before[name])} → ${describeValue(after[name])}`);
}

function actorOf(actor: unknown): string {
  if (!actor || typeof actor !== 'object') return String(actor ?? '');
  const { type, id } = actor as { type?: string; id?: string };
  return id ? `${type ?? ''} ${id}` : (type ?? '');
}

export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ul className="audit small" data-testid="audit-trail">
      {[...entries].reverse().map((entry) => (
        <li key={entry.id}>
          <strong>{entry.action}</strong> <span className="muted">{`${new Date(entry.at).toLocaleString()} · ${actorOf(entry.actor)}`}</span>
          {changes(entry).map((line) => <div key={line} className="change">{line}</div>)}
        </li>
      ))}
    </ul>
  );
}

function CompanyRecordView({ id, app }: { id: string; app: WorkspaceApp }) {
  const [refreshes, setRefreshes] = useState(0);
  const { data, error, reload } = useLiveJson<CompanyRecord>(`/companies/${id}`, (changes) =>
    changes.some((c) => (c.objectType === 'companies' && c.objectId === id) || c.objectType === 'notes' || c.objectType === 'tasks' || c.objectType === 'contacts'),
  );
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>Loading the record…</p>;
  const cards = app.cards.filter((card) => card.objectTypes.includes('companies'));
  const cardKey = `${outputsKey(data.properties)}#${refreshes}`;
  return (
    <>
      <p className="small"><a href="#/">Partners</a> › {data.name}</p>
      <h1 data-testid="record-name">{data.name}</h1>
      <div className="record">
        <PropertyPanel objectType="companies" objectId={id} properties={data.properties} />
        <div>
          {cards.map((card) => (
            <CardSlot key={`${card.uid}:${cardKey}`} app={app} card={card} objectType="companies" objectId={id} onRefreshProperties={() => (reload(), setRefreshes((n) => n + 1))} />
          ))}
          <div className="panel" style={{ marginTop: 16 }}>
            <h2>Timeline</h2>
            {data.timeline.length === 0 ? <p className="muted">No notes or tasks from the app yet.</p> : (
              <ul className="timeline small" data-testid="timeline">
                {data.timeline.map((item) => (
                  <li key={`${item.kind}-${item.id}`}><strong>{item.kind === 'note' ? 'Note' : `Task: ${item.title}`}</strong> <span className="muted">{item.at.slice(0, 10)}{item.status ? ` · ${item.status}` : ''}</span><div>{item.body}</div></li>
                ))}
              </ul>
            )}
          </div>
          <div className="panel">
            <h2>Audit trail</h2>
            <AuditTrail entries={data.audit} />
          </div>
        </div>
        <div>
          <div className="panel">
            <h2>Contacts ({data.contacts.length})</h2>
            <ul className="small" data-testid="contacts">
              {data.contacts.map((c) => (
                <li key={c.id}><a href={`#/contacts/${c.id}`}>{c.name}</a> <span className="muted">{c.role}{c.validCertifications ? ` · ${c.validCertifications} valid certifications` : ''}</span></li>
              ))}
            </ul>
          </div>
          <WorkflowPanel app={app} record={{ objectType: 'COMPANY', id, label: data.name }} contacts={data.contacts.map((c) => ({ id: c.id, label: c.name }))} />
        </div>
      </div>
    </>
  );
}

export const companyPage: WorkspacePage = {
  id: 'company',
  title: 'Company',
  match: routePattern('/companies/:id'),
  render: (params, app) => <CompanyRecordView key={params.id} id={params.id!} app={app} />,
};
