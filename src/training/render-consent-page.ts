import type { CalendarDate } from '../domain/types.js';
import { escapeHtml } from '../mail/escape-html.js';
import { renderPublicPage, type RenderedPage } from './render-public-page.js';
import { formatLongDate } from './format-long-date.js';

/** The track as the page explains it. */
export interface ConsentPageTrack {
  name: string;
  purpose: string;
  durationWeeks: number;
}

/** Every page the consent link can lead to. */
export type ConsentPageView =
  | {
      kind: 'offer';
      /** The form posts back to this path (it carries the single-use token). */
      formAction: string;
      firstName: string | null;
      track: ConsentPageTrack;
      /** The deadline if the person accepts today. */
      deadlineIfAcceptedToday: CalendarDate;
      linkExpiresOn: CalendarDate;
      /** Set when accepting is impossible right now (the active-track limit is reached). */
      limit: { activeTrackNames: string[]; max: number } | null;
    }
  | { kind: 'accepted'; track: ConsentPageTrack; deadlineOn: CalendarDate }
  | { kind: 'declined'; track: ConsentPageTrack }
  | { kind: 'limit'; track: ConsentPageTrack; activeTrackNames: string[]; max: number }
  | { kind: 'already-decided'; track: ConsentPageTrack; state: 'active' | 'declined' | 'superseded' | 'withdrawn' }
  | { kind: 'link-expired' }
  | { kind: 'link-invalid' }
  | { kind: 'try-again' };

export type { RenderedPage } from './render-public-page.js';

const STYLE = `
:root{color-scheme:light dark}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;padding:1rem;background:#f5f7f9;color:#1f2933}
main{max-width:34rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.25rem 1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;line-height:1.25;margin:.25rem 0 1rem}
dl{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.35rem 1rem;margin:1rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin:0 0 .6rem}}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
.actions form{flex:1 1 10rem;margin:0}
button{width:100%;min-height:3rem;font-size:1.05rem;border-radius:8px;border:2px solid #0b6b57;cursor:pointer}
button.accept{background:#0b6b57;color:#fff}
button.decline{background:#fff;color:#0b6b57}
.notice{border-left:4px solid #b54708;background:#fff6ed;padding:.75rem 1rem;border-radius:4px}
.ok{border-left:4px solid #0b6b57;background:#ecfdf3;padding:.75rem 1rem;border-radius:4px}
small{color:#52606d}
@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}main{background:#1f2937}small{color:#9ca3af}.notice{background:#3b2410}.ok{background:#0f2e24}button.decline{background:#1f2937;color:#6ee7b7}}
`;

function weeks(durationWeeks: number): string {
  return durationWeeks === 1 ? '1 week' : `${durationWeeks} weeks`;
}

function trackFacts(track: ConsentPageTrack, deadline: { label: string; date: CalendarDate } | null): string {
  const rows = [
    ['Track', track.name],
    ['What it covers', track.purpose],
    ['Duration', weeks(track.durationWeeks)],
    ...(deadline ? [[deadline.label, formatLongDate(deadline.date)]] : []),
  ];
  return `<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term ?? '')}</dt><dd>${escapeHtml(value ?? '')}</dd>`).join('')}</dl>`;
}

function layout(status: number, title: string, body: string): RenderedPage {
  return renderPublicPage(status, title, body, STYLE);
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function renderOffer(view: Extract<ConsentPageView, { kind: 'offer' }>): RenderedPage {
  const greeting = view.firstName ? `<p>Hello ${escapeHtml(view.firstName)},</p>` : '';
  const intro = `<p>You have been proposed the <strong>${escapeHtml(view.track.name)}</strong> training track. Nothing starts unless you accept.</p>`;
  const facts = trackFacts(view.track, { label: 'Deadline if you accept today', date: view.deadlineIfAcceptedToday });
  const action = escapeHtml(view.formAction);
  const decline = `<form method="post" action="${action}"><input type="hidden" name="decision" value="decline"><button class="decline" type="submit">Decline</button></form>`;
  if (view.limit) {
    const notice = `<p class="notice" role="status">You cannot accept this track right now: you already have ${view.limit.max} active tracks (${escapeHtml(listNames(view.limit.activeTrackNames))}), the most anyone can have at once. Finish one first, then open this link again.</p>`;
    return layout(200, `Training proposed: ${view.track.name}`, `${greeting}${intro}${facts}${notice}<div class="actions">${decline}</div>`);
  }
  const accept = `<form method="post" action="${action}"><input type="hidden" name="decision" value="accept"><button class="accept" type="submit">Accept</button></form>`;
  const footer = `<p><small>This link works once, until ${escapeHtml(formatLongDate(view.linkExpiresOn))}.</small></p>`;
  return layout(200, `Training proposed: ${view.track.name}`, `${greeting}${intro}${facts}<div class="actions">${accept}${decline}</div>${footer}`);
}

/** Server-rendered HTML for the consent link: works without JavaScript and on a phone. */
export function renderConsentPage(view: ConsentPageView): RenderedPage {
  switch (view.kind) {
    case 'offer':
      return renderOffer(view);
    case 'accepted':
      return layout(
        200,
        `You accepted ${view.track.name}`,
        `<p class="ok" role="status">Thank you. The ${escapeHtml(view.track.name)} track is now active for you.</p>${trackFacts(view.track, { label: 'Deadline', date: view.deadlineOn })}<p>You can close this page.</p>`,
      );
    case 'declined':
      return layout(
        200,
        `You declined ${view.track.name}`,
        `<p class="ok" role="status">Understood. The ${escapeHtml(view.track.name)} track was not started, and nothing else changes for you.</p><p>You can close this page.</p>`,
      );
    case 'limit':
      return layout(
        409,
        `${view.track.name} was not started`,
        `<p class="notice" role="alert">You already have ${view.max} active tracks (${escapeHtml(listNames(view.activeTrackNames))}), the most anyone can have at once, so ${escapeHtml(view.track.name)} was not started. Finish one first, then open this link again.</p>`,
      );
    case 'already-decided': {
      const what = { active: 'accepted', declined: 'declined', superseded: 'replaced by a newer proposal', withdrawn: 'withdrawn' }[view.state];
      return layout(
        409,
        'This link has already been used',
        `<p class="notice" role="alert">The ${escapeHtml(view.track.name)} training proposal was already ${what}. A consent link works only once, so nothing was changed.</p>`,
      );
    }
    case 'link-expired':
      return layout(
        410,
        'This link has expired',
        '<p class="notice" role="alert">Consent links work for a limited time, and this one is past it, so nothing was changed. Ask your partner manager to send the proposal again.</p>',
      );
    case 'try-again':
      return layout(
        503,
        'Please try again',
        '<p class="notice" role="alert">We could not record your answer just now, and nothing was changed. Try again in a few minutes with the same link.</p>',
      );
    case 'link-invalid':
      return layout(
        400,
        'This link is not valid',
        '<p class="notice" role="alert">The link is incomplete or was not issued by us, so nothing was changed. Open it again from the email, copying the whole address.</p>',
      );
  }
}
