/// <reference lib="dom" />
import { CardSlot } from '../card-host/card-slot.js';
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson, type WorkspaceApp } from '../workspace-api.js';

interface DealRecord {
  id: string;
  name: string;
  partner: { id: string; name: string } | null;
}

function DealRecordView({ id, app }: { id: string; app: WorkspaceApp }) {
  const { data, error } = useLiveJson<DealRecord>(`/deals/${id}`, (changes) => changes.some((c) => c.objectType === 'deals' && c.objectId === id));
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>Loading the record…</p>;
  const cards = app.cards.filter((card) => card.objectTypes.includes('deals'));
  return (
    <>
      <p className="small">{data.partner ? <a href={`#/companies/${data.partner.id}`}>{data.partner.name}</a> : null} › {data.name}</p>
      <h1 data-testid="record-name">{data.name}</h1>
      <div className="record">
        <div>
          {cards.map((card) => (
            <CardSlot key={card.uid} app={app} card={card} objectType="deals" objectId={id} onRefreshProperties={() => undefined} />
          ))}
        </div>
      </div>
    </>
  );
}

export const dealPage: WorkspacePage = {
  id: 'deal',
  title: 'Deal',
  match: routePattern('/deals/:id'),
  render: (params, app) => <DealRecordView key={params.id} id={params.id!} app={app} />,
};
