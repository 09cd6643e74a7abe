import { escapeHtml } from '../mail/escape-html.js';
import { renderPublicPage } from '../training/render-public-page.js';
import { formatLongDate } from '../training/format-long-date.js';
import type { RenderedPage } from '../training/render-consent-page.js';
import type { PartnerPageContent, PartnerPageView } from './partner-page-view.js';
import { renderIncentivesSection } from './render-incentives-section.js';

const STYLE = `
:root{color-scheme:light dark}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;padding:1rem;background:#f5f7f9;color:#1f2933}
main{max-width:40rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.25rem 1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
section{border-top:1px solid #e4e7eb;margin-top:1rem}
ul{padding-left:1.2rem;margin:.25rem 0}
li{margin:.2rem 0;overflow-wrap:anywhere}
.offer{border:1px solid #e4e7eb;border-radius:8px;padding:.75rem;margin:.75rem 0}
.offer h3{font-size:1rem;margin:0 0 .25rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:.75rem}
.actions form{flex:1 1 9rem;margin:0}
button{width:100%;min-height:3rem;font-size:1.05rem;border-radius:8px;border:2px solid #0b6b57;cursor:pointer}
button.accept{background:#0b6b57;color:#fff}
button.decline{background:#fff;color:#0b6b57}
input[type=email],input[type=text],input[type=date],input[type=url],select,textarea{width:100%;box-sizing:border-box;min-height:3rem;font-size:1.05rem;padding:.5rem;border-radius:8px;border:1px solid #9aa5b1;margin:.5rem 0 1rem}
.notice{border-left:4px solid #b54708;background:#fff6ed;padding:.75rem 1rem;border-radius:4px}
.ok{border-left:4px solid #0b6b57;background:#ecfdf3;padding:.75rem 1rem;border-radius:4px}
.tier{font-size:1.2rem;font-weight:600}
small{color:#52606d}
label{display:block;font-weight:600}
.registration{border:1px solid #e4e7eb;border-radius:8px;padding:.75rem;margin:.75rem 0}
.registration h3{font-size:1rem;margin:0 0 .25rem;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}main{background:#1f2937}small{color:#9ca3af}.notice{background:#3b2410}.ok{background:#0f2e24}button.decline{background:#1f2937;color:#6ee7b7}}
`;

function layout(status: number, title: string, body: string): RenderedPage {
  return renderPublicPage(status, title, body, STYLE);
}

const weeks = (n: number) => (n === 1 ? '1 week' : `${n} weeks`);
const list = (items: string[], empty: string) => (items.length === 0 ? `<p>${escapeHtml(empty)}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);

function decisionForm(content: PartnerPageContent, assignmentId: string, decision: 'accept' | 'decline', label: string): string {
  return `<form method="post" action="${escapeHtml(`${content.path}/training`)}"><input type="hidden" name="form_token" value="${escapeHtml(content.formToken)}"><input type="hidden" name="assignment" value="${escapeHtml(assignmentId)}"><input type="hidden" name="decision" value="${decision}"><button class="${decision}" type="submit">${escapeHtml(label)}</button></form>`;
}

function renderContent(status: number, content: PartnerPageContent): RenderedPage {
  const notice = content.notice ? `<p class="${content.notice.tone === 'ok' ? 'ok' : 'notice'}" role="status">${escapeHtml(content.notice.text)}</p>` : '';
  const greeting = content.contactName ? `<p>Hello ${escapeHtml(content.contactName)}.</p>` : '';
  const tier = content.tier
    ? `<p class="tier" id="tier">${escapeHtml(content.tier.name)}</p><p>Readiness score ${content.tier.score} of 100.${content.tier.next ? ` ${content.tier.next.pointsToGo} points to ${escapeHtml(content.tier.next.name)}.` : ''}</p>`
    : '<p>This company is not in the partner program right now.</p>';
  const progress = list(
    content.tracks.map((track) => `${escapeHtml(track.name)}: ${track.complete ? 'complete' : `${track.completed} of ${track.total} modules`}`),
    'No training progress recorded yet.',
  );
  const gaps = list(content.gaps.map((gap) => escapeHtml(gap)), 'Nothing is missing for now.');
  const active = content.activeTraining.map((entry) => `${escapeHtml(entry.name)}${entry.deadlineOn ? ` — due ${escapeHtml(formatLongDate(entry.deadlineOn))}` : ''}`);
  const offers = content.offers
    .map((offer) => {
      const buttons = content.trackLimit.reached
        ? `<p class="notice">You already have ${content.trackLimit.max} active tracks, the most anyone can have at once: finish one to accept this one.</p><div class="actions">${decisionForm(content, offer.assignmentId, 'decline', 'Decline')}</div>`
        : `<div class="actions">${decisionForm(content, offer.assignmentId, 'accept', `Accept ${offer.name}`)}${decisionForm(content, offer.assignmentId, 'decline', 'Decline')}</div>`;
      return `<div class="offer"><h3>${escapeHtml(offer.name)}</h3><p>${escapeHtml(offer.purpose)}. Takes ${weeks(offer.durationWeeks)}; due ${escapeHtml(formatLongDate(offer.deadlineIfAcceptedToday))} if you accept today. Nothing starts unless you accept.</p>${buttons}</div>`;
    })
    .join('');
  const body = `${notice}${greeting}
<section id="tier-section"><h2>${escapeHtml(content.companyName ?? 'Your partner')}: tier</h2>${tier}</section>
<section id="progress"><h2>Progress</h2>${progress}</section>
<section id="gaps"><h2>What is missing</h2>${gaps}</section>
<section id="training"><h2>Training</h2>${content.offers.length === 0 ? '<p>No training offers are waiting for you.</p>' : offers}<h3>Active</h3>${list(active, 'No active training.')}</section>
${registrationsSection(content)}
${renderIncentivesSection(content)}
<p><small>This page is personal: do not forward its address. The link works until ${escapeHtml(formatLongDate(content.linkExpiresOn))}.</small></p>`;
  return layout(status, 'Your partner page', body);
}

const STATUS_LABELS: Record<string, string> = {
  submitted: 'Pending decision',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  won: 'Won',
  lost: 'Lost',
};

const CONFLICT_LABELS: Record<string, string> = {
  none: 'No conflict found',
  possible: 'Possible conflict: your partner manager will review it',
  conflict: 'Conflicts with an existing claim on this customer',
};

const REGISTRATION_FIELDS: Array<{ name: string; label: string; type: 'text' | 'email' | 'date' | 'textarea'; hint?: string; max: number }> = [
  { name: 'customerCompanyName', label: 'Customer company', type: 'text', max: 200 },
  { name: 'customerDomain', label: 'Customer website or domain', type: 'text', hint: 'For example example.com', max: 253 },
  { name: 'customerContactName', label: 'Customer contact name', type: 'text', max: 200 },
  { name: 'customerContactEmail', label: 'Customer contact email', type: 'email', max: 254 },
  { name: 'dealName', label: 'Deal name', type: 'text', max: 200 },
  { name: 'amount', label: 'Expected amount', type: 'text', hint: 'In the portal currency, for example 12500 or 12500.50', max: 20 },
  { name: 'expectedCloseDate', label: 'Expected close date', type: 'date', max: 10 },
  { name: 'description', label: 'Description', type: 'textarea', max: 2000 },
];

function registrationsSection(content: PartnerPageContent): string {
  const section = content.registrations;
  if (!section) return '<section id="registrations"><h2>Registrations</h2><p>No registrations yet.</p></section>';
  const items = section.items
    .map((entry) => {
      const title = entry.dealName ?? entry.customer ?? `Registration ${entry.registrationId}`;
      const facts = [
        `<li>Status: <strong class="status">${escapeHtml(STATUS_LABELS[entry.status] ?? entry.status)}</strong></li>`,
        entry.customer ? `<li>Customer: ${escapeHtml(entry.customer)}</li>` : '',
        entry.conflict ? `<li>Conflict check: ${escapeHtml(CONFLICT_LABELS[entry.conflict] ?? entry.conflict)}</li>` : '',
        entry.status === 'submitted' && entry.dueAt ? `<li>Decision due by ${escapeHtml(entry.dueAt)}</li>` : '',
      ].join('');
      return `<div class="registration" data-registration="${escapeHtml(entry.registrationId)}"><h3>${escapeHtml(title)}</h3><ul>${facts}</ul></div>`;
    })
    .join('');
  const problems = section.problems.length === 0
    ? ''
    : `<div class="notice" role="alert" id="registration-problems"><p>The registration was not sent:</p><ul>${section.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul></div>`;
  const inputs = REGISTRATION_FIELDS.map((field) => {
    const id = `reg-${field.name}`;
    const value = section.values[field.name] ?? '';
    const hint = field.hint ? ` <small>${escapeHtml(field.hint)}</small>` : '';
    const control = field.type === 'textarea'
      ? `<textarea id="${id}" name="${field.name}" maxlength="${field.max}" rows="3">${escapeHtml(value)}</textarea>`
      : `<input id="${id}" type="${field.type}" name="${field.name}" maxlength="${field.max}" value="${escapeHtml(value)}">`;
    return `<label for="${id}">${escapeHtml(field.label)}${hint}</label>${control}`;
  }).join('');
  const form = `<h3>Register a deal</h3><form method="post" action="${escapeHtml(`${content.path}/registrations`)}"><input type="hidden" name="form_token" value="${escapeHtml(content.formToken)}">${inputs}<button class="accept" type="submit">Register deal</button></form>`;
  return `<section id="registrations"><h2>Registrations</h2>${problems}${section.items.length === 0 ? '<p>No registrations yet.</p>' : items}${form}</section>`;
}

const REQUEST_FORM = `<p>Enter the email address your partner manager knows you by. If it belongs to a partner contact, a new personal link is sent to it.</p>
<form method="post" action="/p"><label for="email">Email address</label><input id="email" type="email" name="email" required autocomplete="email" maxlength="254"><button class="accept" type="submit">Send me a link</button></form>`;

const PROBLEMS = {
  malformed: [400, 'This link is not valid', 'The link is incomplete. Open it again from the email, copying the whole address.'],
  forged: [400, 'This link is not valid', 'The link was not issued by us, so it opens nothing.'],
  unknown: [404, 'This link is not valid', 'We do not know this link. It may have been copied incompletely.'],
  revoked: [410, 'This link was withdrawn', 'Your partner manager withdrew this link. You can ask for a new one below.'],
  expired: [410, 'This link has expired', 'Partner page links work for a limited time, and this one is past it. You can ask for a new one below.'],
} as const;

/** Server-rendered HTML for the partner page routes: works without JavaScript and on a phone. */
export function renderPartnerPage(view: PartnerPageView): RenderedPage {
  switch (view.kind) {
    case 'page':
      return renderContent(view.status, view.content);
    case 'link-problem': {
      const [status, title, text] = PROBLEMS[view.problem];
      return layout(status, title, `<p class="notice" role="alert">${escapeHtml(text)}</p>${REQUEST_FORM}`);
    }
    case 'not-your-partner':
      return layout(403, 'This page is no longer yours', '<p class="notice" role="alert">You are no longer a contact of the partner this link was issued for, so it shows nothing. Ask your partner manager for a new link.</p>');
    case 'form-refused':
      return layout(403, 'The form could not be accepted', '<p class="notice" role="alert">The form did not come from your partner page, so nothing was changed. Open your link again and use the buttons there.</p>');
    case 'request-form':
      return layout(view.status ?? 200, 'Get your partner page link', REQUEST_FORM);
    case 'request-answered':
      return layout(200, 'Check your inbox', '<p class="ok" role="status">If this address belongs to a partner contact, a new link to their partner page is on its way. It can take a few minutes.</p>');
    case 'rate-limited':
      return layout(429, 'Too many requests', `<p class="notice" role="alert">Too many requests came in a short time. Try again in ${view.retryAfterSeconds} seconds.</p>`);
    case 'try-again':
      return layout(503, 'Please try again', '<p class="notice" role="alert">The page cannot be shown just now, and nothing was changed. Try again in a few minutes with the same link.</p>');
  }
}
