import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { redactLiveLinks } from '../../../src/redact-live-links.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { logger: createLogger({ destination: stream }), text: () => chunks.join('') };
}

const TOKEN = 'v1.eyJhIjoiYTEifQ.c2lnbmF0dXJl';

describe('redacting live links', () => {
  it('replaces the token of a consent path, a consent URL and a partner page URL', () => {
    expect(redactLiveLinks(`/training/consent/${TOKEN}`)).toBe('/training/consent/[redacted]');
    expect(redactLiveLinks(`open https://app.example/training/consent/${TOKEN}?x=1 now`)).toBe('open https://app.example/training/consent/[redacted]?x=1 now');
    expect(redactLiveLinks(`https://app.example/p/${TOKEN}/registrations`)).toBe('https://app.example/p/[redacted]/registrations');
  });

  it('catches the path whatever its letter case or doubled slashes, as Express routes it', () => {
    expect(redactLiveLinks(`/TRAINING/consent//${TOKEN}`)).toBe('/TRAINING/consent//[redacted]');
  });

  it('leaves paths without a live link as they are', () => {
    expect(redactLiveLinks('/hubspot/webhooks')).toBe('/hubspot/webhooks');
    expect(redactLiveLinks('/training/consent/')).toBe('/training/consent/');
  });
});

describe('the product logger', () => {
  it('redacts a live link in any field, in the message and in an error', () => {
    const { logger, text } = capture();

    logger.child({ role: 'web' }).info(
      { url: `https://app.example/training/consent/${TOKEN}`, request: { path: `/p/${TOKEN}` }, list: [`/training/consent/${TOKEN}`] },
      `visited /training/consent/${TOKEN}`,
    );
    logger.error({ err: new Error(`cannot open https://app.example/p/${TOKEN}`) }, 'failed');

    expect(text()).not.toContain(TOKEN);
    const [first, second] = text().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      url: 'https://app.example/training/consent/[redacted]',
      request: { path: '/p/[redacted]' },
      list: ['/training/consent/[redacted]'],
      msg: 'visited /training/consent/[redacted]',
    });
    expect(second).toMatchObject({ err: { message: 'cannot open https://app.example/p/[redacted]' } });
  });

  it('keeps an error\'s own fields, such as an AppError\'s code', () => {
    const { logger, text } = capture();

    logger.error({ err: new AppError('LINK_INVALID', 'refused', { details: { url: `/training/consent/${TOKEN}` } }) }, 'failed');

    expect(JSON.parse(text())).toMatchObject({ err: { type: 'AppError', code: 'LINK_INVALID', message: 'refused', details: { url: '/training/consent/[redacted]' } } });
    expect(text()).not.toContain(TOKEN);
  });
});
