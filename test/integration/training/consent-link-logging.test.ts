import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { aPartnerContact, lastConsentLink, startTrainingRig, type TrainingRig } from './training-harness.js';

const redisUrl = inject('redisUrl');
let rig: TrainingRig;

afterEach(async () => {
  await rig?.stop();
});

/** A debug-level logger whose lines the test reads back. */
function capturingLogger() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'debug', destination: stream });
  return { logger, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const operator = { type: 'operator' as const, id: 'test' };

describe('live links in the logs', () => {
  it('writes the request log of a consent page visit and answer without the link\'s token', async () => {
    const log = capturingLogger();
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z', { logger: log.logger });
    const { contactId } = aPartnerContact(rig.sandbox);
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track: 'sales', actor: operator });
    const link = lastConsentLink(rig.outbox, contactId);
    const token = link.split('/').at(-1)!;

    expect((await fetch(link)).status).toBe(200);
    // The same token with the path's letters in another case still reaches the page (Express
    // routes ignore case): its log line must not carry it either.
    expect((await fetch(link.replace('/training/consent/', '/Training/Consent/'))).status).toBe(200);
    const answer = await fetch(link, { method: 'POST', body: 'decision=accept', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(200);

    const requests = log.lines().filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([
      ['GET', '/training/consent/[redacted]', 200],
      ['GET', '/Training/Consent/[redacted]', 200],
      ['POST', '/training/consent/[redacted]', 200],
    ]);
    expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(token.split('.')[2]);
  });

  it('keeps a partner page token out of the request log, even where no route answers it', async () => {
    const log = capturingLogger();
    rig = await startTrainingRig(redisUrl, '2026-05-04T10:00:00Z', { logger: log.logger });

    const response = await fetch(`${rig.web.url}/p/pt-5ecret-t0ken?utm=x`);

    expect(response.status).toBe(404);
    const [request] = log.lines().filter((line) => line.msg === 'request');
    expect(request).toMatchObject({ method: 'GET', path: '/p/[redacted]', status: 404 });
    expect(log.text()).not.toContain('pt-5ecret-t0ken');
  });
});
