/// <reference lib="dom" />
import { routePattern, type WorkspacePage } from '../page-registry.js';
import { useLiveJson } from '../workspace-api.js';

interface OutboxMessage {
  id: number;
  at: number;
  to: string;
  toName: string | null;
  subject: string;
  template: string;
  text: string;
  links: string[];
}

/** A link as shown: its secret part (the token at its end) left out; the href stays whole. */
function shownLink(link: string): string {
  return link.replace(/\/([A-Za-z0-9_.~-]{20,})(?=$|[?#])/, '/…').replace(/([?&]token=)[^&#]+/, '$1…');
}

function withLinksShortened(text: string, links: string[]): string {
  return links.reduce((result, link) => result.split(link).join(shownLink(link)), text);
}

function Outbox() {
  const { data } = useLiveJson<{ messages: OutboxMessage[] }>('/outbox', () => true, 2_000);
  if (!data) return <p>Loading the outbox…</p>;
  if (data.messages.length === 0) return <p className="muted">No email yet. Assign a training from a partner's card, or wait for a renewal reminder.</p>;
  return (
    <ul className="small" data-testid="outbox" style={{ listStyle: 'none', padding: 0 }}>
      {data.messages.map((message) => (
        <li key={message.id} className="panel" data-testid={`message-${message.template}`}>
          <strong>{message.subject}</strong>
          <div className="muted">{`To ${message.toName ? `${message.toName} <${message.to}>` : message.to} · ${message.template} · ${new Date(message.at).toLocaleString()}`}</div>
          <pre style={{ whiteSpace: 'pre-wrap', font: 'inherit' }}>{withLinksShortened(message.text, message.links)}</pre>
          {message.links.map((link) => <div key={link}><a href={link}>{shownLink(link)}</a></div>)}
          <a className="small" href={`/workspace/api/outbox/${message.id}`} target="_blank" rel="noreferrer">View as HTML</a>
        </li>
      ))}
    </ul>
  );
}

export const outboxPage: WorkspacePage = {
  id: 'outbox',
  title: 'Outbox',
  navPath: '/outbox',
  match: routePattern('/outbox'),
  render: () => (
    <>
      <h1>Outbox</h1>
      <p className="muted">Every email the product would send (in sandbox mode nothing leaves this machine). Links open the real pages.</p>
      <Outbox />
    </>
  ),
};
