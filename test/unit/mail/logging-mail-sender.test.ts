import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

  it('saves the whole message to the outbox folder when asked to, as sandbox mode does, and logs only the file', async () => {
    const { lines, stream } = capture();
    const directory = await mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    const sender = createLoggingMailSender(createLogger({ destination: stream }), { outboxDirectory: directory });

    await sender.send(consentEmail);

    const logged = JSON.parse(lines.join('')) as { mail: { file: string } };
    expect(path.dirname(logged.mail.file)).toBe(directory);
    expect(await readFile(logged.mail.file, 'utf8')).toContain('https://app.example/training/consent/v1.a.b');
    expect(lines.join('')).not.toContain('consent/v1');
    await rm(directory, { recursive: true });
  });
});
