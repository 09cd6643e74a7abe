import { describe, expect, it } from 'vitest';
import { renderConsentPage, type ConsentPageView } from '../../../src/training/render-consent-page.js';

const track = { name: 'Sales', purpose: 'Positioning and objection handling', durationWeeks: 2 };

function anOffer(overrides: Partial<Extract<ConsentPageView, { kind: 'offer' }>> = {}): ConsentPageView {
  return {
    kind: 'offer',
    formAction: '/training/consent/v1.abc.def',
    firstName: 'Ada',
    track,
    deadlineIfAcceptedToday: '2026-05-15',
    linkExpiresOn: '2026-05-15',
    limit: null,
    ...overrides,
  };
}

describe('consent page', () => {
  it('explains the track, its duration and the deadline, with accept and decline forms that need no script', () => {
    const page = renderConsentPage(anOffer());

    expect(page.status).toBe(200);
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.html).toContain('Positioning and objection handling');
    expect(page.html).toContain('2 weeks');
    expect(page.html).toContain('Friday 15 May 2026');
    expect(page.html.match(/<form method="post" action="\/training\/consent\/v1\.abc\.def">/g)).toHaveLength(2);
    expect(page.html).not.toContain('<script');
  });

  it('escapes names so a crafted value cannot inject markup', () => {
    const page = renderConsentPage(anOffer({ firstName: '<img src=x onerror=alert(1)>', track: { ...track, name: 'A & "B"' } }));

    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('A &amp; &quot;B&quot;');
  });

  it('offers only decline, with the reason, when the active-track limit is reached', () => {
    const page = renderConsentPage(anOffer({ limit: { activeTrackNames: ['Foundation', 'Technical', 'Advanced'], max: 3 } }));

    expect(page.html).not.toContain('value="accept"');
    expect(page.html).toContain('value="decline"');
    expect(page.html).toContain('you already have 3 active tracks (Foundation, Technical and Advanced)');
  });

  it('answers an expired link with 410 and a page that says so', () => {
    const page = renderConsentPage({ kind: 'link-expired' });

    expect([page.status, page.title]).toEqual([410, 'This link has expired']);
  });

  it('answers a reused link with 409 and says what was already decided', () => {
    const page = renderConsentPage({ kind: 'already-decided', track, state: 'declined' });

    expect(page.status).toBe(409);
    expect(page.html).toContain('was already declined');
  });
});
