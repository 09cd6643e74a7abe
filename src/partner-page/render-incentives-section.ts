import { escapeHtml } from '../mail/escape-html.js';
import { formatLongDate } from '../training/format-long-date.js';
import type { PartnerPageContent, PartnerPageIncentives } from './partner-page-view.js';

const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending decision',
  approved: 'Approved',
  rejected: 'Rejected',
  paid: 'Paid',
};

type Field = { name: string; label: string; type: 'text' | 'date' | 'url' | 'textarea' | 'select'; hint?: string; max: number; options?: Array<{ value: string; label: string }> };

function control(prefix: string, field: Field, section: PartnerPageIncentives, form: string): string {
  const id = `${prefix}-${field.name}`;
  const value = section.form === form ? section.values[field.name] ?? '' : '';
  const hint = field.hint ? ` <small>${escapeHtml(field.hint)}</small>` : '';
  let input: string;
  if (field.type === 'textarea') input = `<textarea id="${id}" name="${field.name}" maxlength="${field.max}" rows="3">${escapeHtml(value)}</textarea>`;
  else if (field.type === 'select') {
    const options = (field.options ?? []).map((option) => `<option value="${escapeHtml(option.value)}"${option.value === value ? ' selected' : ''}>${escapeHtml(option.label)}</option>`).join('');
    input = `<select id="${id}" name="${field.name}">${options}</select>`;
  } else input = `<input id="${id}" type="${field.type}" name="${field.name}" maxlength="${field.max}" value="${escapeHtml(value)}">`;
  return `<label for="${id}">${escapeHtml(field.label)}${hint}</label>${input}`;
}

function formOf(content: PartnerPageContent, form: string, hidden: Record<string, string>, body: string, button: string): string {
  const inputs = Object.entries({ form_token: content.formToken, form, ...hidden })
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="${escapeHtml(`${content.path}/incentives`)}">${inputs}${body}<button class="accept" type="submit">${escapeHtml(button)}</button></form>`;
}

function problemsOf(section: PartnerPageIncentives, form: string): string {
  if (section.form !== form || section.problems.length === 0) return '';
  return `<div class="notice" role="alert" id="incentive-problems"><p>This was not sent:</p><ul>${section.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul></div>`;
}

function statementsOf(section: PartnerPageIncentives): string {
  if (section.statements.length === 0) return '';
  const tables = section.statements.map(({ heading, tables }) => `<div class="statement"><h4>${escapeHtml(heading)}</h4>${tables.map((table) => {
    const head = `<tr>${table.header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr>`;
    const body = table.rows.map((row) => `<tr><th scope="row">${escapeHtml(row.label)}</th>${row.amounts.map((amount) => `<td>${escapeHtml(amount)}</td>`).join('')}</tr>`).join('');
    return `<table><caption>${escapeHtml(table.title)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  }).join('')}</div>`).join('');
  return `<h3>Your statement</h3><div id="statements">${tables}</div>`;
}

/** The Incentives section of the partner page (docs/partner-page.md, "What the page shows"). */
export function renderIncentivesSection(content: PartnerPageContent): string {
  const section = content.incentives;
  if (!section) return '';
  const spiffs = section.claimableSpiffs.length === 0
    ? '<p>No SPIFF is waiting to be claimed.</p>'
    : section.claimableSpiffs
        .map((spiff) => `<div class="registration" data-spiff="${escapeHtml(spiff.accrualKey)}"><h3>${escapeHtml(spiff.title)}</h3><p>${escapeHtml(spiff.amount)}, claim by ${escapeHtml(formatLongDate(spiff.claimBy))}.</p>${formOf(content, 'spiff_claim', { accrualKey: spiff.accrualKey }, '', 'Claim')}</div>`)
        .join('');
  const requests = section.requests.length === 0
    ? '<p>No requests yet.</p>'
    : section.requests
        .map((request) => `<div class="registration" data-request="${escapeHtml(request.id)}"><h3>${escapeHtml(request.title)}</h3><ul>${request.amount ? `<li>Amount: ${escapeHtml(request.amount)}</li>` : ''}<li>Status: <strong class="status">${escapeHtml(STATUS_LABELS[request.status] ?? request.status)}</strong></li></ul></div>`)
        .join('');
  const bonus = formOf(
    content,
    'bonus',
    {},
    [
      { name: 'kind', label: 'Bonus', type: 'select', max: 40, options: section.bonusKinds },
      { name: 'incrementalRevenue', label: 'Incremental revenue', type: 'text', hint: 'Cross-sell and upsell only, for example 40000', max: 20 },
      { name: 'contractYears', label: 'Contract years', type: 'text', hint: 'Cross-sell and upsell only', max: 2 },
      { name: 'description', label: 'Description', type: 'textarea', hint: 'The customer, the deal or the contribution', max: 2000 },
    ].map((field) => control('bonus', field as Field, section, 'bonus')).join(''),
    'Request bonus',
  );
  const mdf = section.mdf
    ? `<p id="mdf-terms">${escapeHtml(section.mdf.terms)}</p>${problemsOf(section, 'mdf_request')}${formOf(
        content,
        'mdf_request',
        {},
        [
          { name: 'activity', label: 'Activity', type: 'select', max: 40, options: section.mdf.activities },
          { name: 'plannedCost', label: 'Planned cost', type: 'text', hint: 'The whole cost, for example 6000', max: 20 },
          { name: 'activityStart', label: 'Start date', type: 'date', max: 10 },
          { name: 'activityEnd', label: 'End date', type: 'date', max: 10 },
          { name: 'description', label: 'Description', type: 'textarea', max: 2000 },
        ].map((field) => control('mdf', field as Field, section, 'mdf_request')).join(''),
        'Request MDF',
      )}`
    : '<p>Your tier has no market development funds.</p>';
  const claims = section.awaitingClaim
    .map((request) => `<div class="registration" data-mdf-claim="${escapeHtml(request.id)}"><h3>Claim: ${escapeHtml(request.title)}</h3><p>Due by ${escapeHtml(request.claimDueBy)}.</p>${problemsOf(section, `mdf_claim:${request.id}`)}${formOf(
      content,
      'mdf_claim',
      { mdfRequestId: request.id },
      [
        { name: 'actualCost', label: 'Actual cost', type: 'text', max: 20 },
        { name: 'results', label: 'Results', type: 'textarea', max: 2000 },
        { name: 'proofUrl', label: 'Proof link', type: 'url', hint: 'Invoice or report, https://…', max: 2000 },
      ].map((field) => control(`claim-${request.id}`, field as Field, section, `mdf_claim:${request.id}`)).join(''),
      'Claim MDF',
    )}</div>`)
    .join('');
  return `<section id="incentives"><h2>Incentives</h2>${statementsOf(section)}${problemsOf(section, 'spiff_claim')}<h3>SPIFFs to claim</h3>${spiffs}<h3>Your requests</h3>${requests}${claims}<h3>Request a strategic bonus</h3>${problemsOf(section, 'bonus')}${bonus}<h3>Request market development funds</h3>${mdf}</section>`;
}
