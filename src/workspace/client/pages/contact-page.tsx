/// <reference lib="dom" />
import { useState } from 'react';
import { CardSlot } from '../card-host/card-slot.js';
import { PropertyPanel, type PanelProperty } from '../components/property-panel.js';
import { WorkflowPanel } from '../components/workflow-panel.js';
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson, type WorkspaceApp } from '../workspace-api.js';
import { AuditTrail, outputsKey } from './company-page.js';

interface ContactRecord {
  id: string;
  name: string;
  email: string;
  properties: PanelProperty[];
  companies: Array<{ id: string; name: string }>;
  audit: Array<{ id: string; at: number; action: string; actor: unknown; before?: unknown; after?: unknown }>;
}

function ContactRecordView({ id, app }: { id: string; app: WorkspaceApp }) {
  const [refreshes, setRefreshes] = useState(0);
  const { data, error, reload } = useLiveJson<ContactRecord>(`/contacts/${id}`, (changes) => changes.some((c) => c.objectType === 'contacts' && c.objectId === id));
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>Loading the record…</p>;
  const cards = app.cards.filter((card) => card.objectTypes.includes('contacts'));
  const cardKey = `${outputsKey(data.properties)}#${refreshes}`;
  return (
    <>
      <p className="small">{data.companies.map((c) => <a key={c.id} href={`#/companies/${c.id}`}>{c.name}</a>)} › {data.name}</p>
      <h1 data-testid="record-name">{data.name}</h1>
      <p className="muted">{data.email}</p>
      <div className="record">
        <PropertyPanel objectType="contacts" objectId={id} properties={data.properties} />
        <div>
          <WorkflowPanel app={app} record={{ objectType: 'CONTACT', id, label: data.name }} />
          <div className="panel">
            <h2>Audit trail</h2>
            <AuditTrail entries={data.audit} />
          </div>
        </div>
        <div>
          {cards.map((card) => (
            <CardSlot key={`${card.uid}:${cardKey}`} app={app} card={card} objectType="contacts" objectId={id} onRefreshProperties={() => (reload(), setRefreshes((n) => n + 1))} />
          ))}
        </div>
      </div>
    </>
  );
}

export const contactPage: WorkspacePage = {
  id: 'contact',
  title: 'Contact',
  match: routePattern('/contacts/:id'),
  render: (params, app) => <ContactRecordView key={params.id} id={params.id!} app={app} />,
};
