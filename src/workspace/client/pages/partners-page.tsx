/// <reference lib="dom" />
import { useState } from 'react';
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson } from '../workspace-api.js';

interface PartnerRow {
  id: string;
  name: string;
  tier: string;
  score: number | null;
  trend: string;
  gapCount: number | null;
  health: number | null;
  partnerType: string;
}

const TIER_ORDER = ['none', 'bronze', 'silver', 'gold', 'platinum'];
type SortKey = 'name' | 'tier' | 'score' | 'trend' | 'gapCount' | 'health';

function compare(a: PartnerRow, b: PartnerRow, key: SortKey): number {
  if (key === 'tier') return TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier);
  const left = a[key] ?? -1;
  const right = b[key] ?? -1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function PartnersList() {
  const { data } = useLiveJson<{ partners: PartnerRow[] }>('/partners', (changes) => changes.some((c) => c.objectType === 'companies'));
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'score', descending: true });
  const [tier, setTier] = useState('');
  if (!data) return <p>Loading partners…</p>;
  const rows = data.partners.filter((p) => !tier || p.tier === tier).sort((a, b) => compare(a, b, sort.key) * (sort.descending ? -1 : 1) || a.name.localeCompare(b.name));
  const hasHealth = data.partners.some((p) => p.health !== null);
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'name' })}>
        {label}{sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  return (
    <>
      <div className="filters">
        <label>Tier <select data-testid="tier-filter" value={tier} onChange={(event) => setTier(event.target.value)}>
          <option value="">All tiers</option>
          {TIER_ORDER.map((t) => <option key={t} value={t}>{t}</option>)}
        </select></label>
        <span className="muted" data-testid="partner-count">{`${rows.length} of ${data.partners.length} partners`}</span>
      </div>
      <div className="scroll">
        <table className="list" data-testid="partners">
          <thead><tr>{header('name', 'Partner')}{header('tier', 'Tier')}{header('score', 'Score')}{header('trend', 'Trend')}{header('gapCount', 'Gaps')}{hasHealth ? header('health', 'Health') : null}</tr></thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} data-testid={`partner-${p.id}`}>
                <td><a href={`#/companies/${p.id}`}>{p.name}</a></td>
                <td><span className={`badge tier-${p.tier}`}>{p.tier}</span></td>
                <td>{p.score ?? '—'}</td>
                <td>{p.trend || '—'}</td>
                <td>{p.gapCount ?? '—'}</td>
                {hasHealth ? <td>{p.health ?? '—'}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const partnersPage: WorkspacePage = {
  id: 'partners',
  title: 'Partners',
  navPath: '/',
  match: routePattern('/'),
  render: () => (
    <>
      <h1>Partners</h1>
      <PartnersList />
    </>
  ),
};
