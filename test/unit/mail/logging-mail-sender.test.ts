import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createLoggingMailSender } from '../../../src/mail/logging-mail-sender.js';

const consentEmail = {
  to: 'ada@partner.example',
  subject: 'Training proposed to you: Sales',
  text: 'secret link https://app.example/training/consent/v1.a.b',
  html: '<p>secret link</p>',
  template: 'training-consent',
  contactId: 'c1',
  reference: 'a-1',
};

function capture(): { lines: string[]; stream: PassThrough } {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  return { lines, stream };
}

describe('logging mail sender', () => {
  it('logs the template, contact and masked recipient but never the body', async () => {
    const { lines, stream } = capture();
    const sender = createLoggingMailSender(createLogger({ destination: stream }));

    const receipt = await sender.send(consentEmail);

    const logged = lines.join('');
    expect(receipt.transport).toBe('log');
    expect(JSON.parse(logged).mail).toEqual({ template: 'training-consent', contactId: 'c1', to: 'a***@partner.example', reference: 'a-1' });
    expect(logged).not.toContain('consent/v1');
  });

  it('logs the message links when asked to, as sandbox mode does for a newcomer to click', async () => {
    const { lines, stream } = capture();
    const sender = createLoggingMailSender(createLogger({ destination: stream }), { showLinks: true });

    await sender.send(consentEmail);

    expect(JSON.parse(lines.join('')).mail.links).toEqual(['https://app.example/training/consent/v1.a.b']);
  });
});
