/// <reference lib="dom" />
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson } from '../workspace-api.js';

interface CallSummary {
  total: number;
  byEndpoint: Array<{ method: string; endpoint: string; count: number; statuses: Record<string, number> }>;
  budget: { max: number; intervalMs: number; usedInWindow: number; remaining: number };
  recent: Array<{ at: number; method: string; path: string; status: number; inputs?: number }>;
}

function Calls() {
  const { data } = useLiveJson<CallSummary>('/calls', () => false, 2_000);
  if (!data) return <p>Loading the request log…</p>;
  const { budget } = data;
  return (
    <>
      <div className="panel" data-testid="rate-budget">
        <h2>Rate-limit budget</h2>
        <p>{`${budget.usedInWindow} of ${budget.max} requests used in the last ${budget.intervalMs / 1000} s; ${budget.remaining} left.`}</p>
        <div className="uie-progress-track"><div className="uie-progress-fill" style={{ width: `${Math.min(100, (budget.usedInWindow / budget.max) * 100)}%` }} /></div>
        <p className="muted small">{`${data.total} HubSpot API requests in the log.`}</p>
      </div>
      <div className="panel scroll">
        <h2>By endpoint and status</h2>
        <table className="list" data-testid="calls-by-endpoint">
          <thead><tr><th>Method</th><th>Endpoint</th><th>Requests</th><th>Statuses</th></tr></thead>
          <tbody>
            {data.byEndpoint.map((row) => (
              <tr key={`${row.method} ${row.endpoint}`}>
                <td>{row.method}</td><td><code>{row.endpoint}</code></td><td>{row.count}</td>
                <td>{Object.entries(row.statuses).map(([status, count]) => `${status} × ${count}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="panel scroll">
        <h2>Latest requests</h2>
        <table className="list small">
          <tbody>
            {data.recent.map((entry, index) => (
              <tr key={index}><td>{new Date(entry.at).toLocaleTimeString()}</td><td>{entry.method}</td><td><code>{entry.path}</code></td><td>{entry.status}</td><td>{entry.inputs !== undefined ? `${entry.inputs} inputs` : ''}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const callsPage: WorkspacePage = {
  id: 'calls',
  title: 'HubSpot calls',
  navPath: '/calls',
  match: routePattern('/calls'),
  render: () => (
    <>
      <h1>HubSpot calls</h1>
      <Calls />
    </>
  ),
};
