import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createLoggingMailSender } from '../../../src/mail/logging-mail-sender.js';

describe('logging mail sender', () => {
  it('logs the template, contact and masked recipient but never the body', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const sender = createLoggingMailSender(createLogger({ destination: stream }));

    const receipt = await sender.send({
      to: 'ada@partner.example',
      subject: 'Training proposed to you: Sales',
      text: 'secret link https://app.example/training/consent/v1.a.b',
      html: '<p>secret link</p>',
      template: 'training-consent',
      contactId: 'c1',
      reference: 'a-1',
    });

    const logged = lines.join('');
    expect(receipt.transport).toBe('log');
    expect(JSON.parse(logged).mail).toEqual({ template: 'training-consent', contactId: 'c1', to: 'a***@partner.example', reference: 'a-1' });
    expect(logged).not.toContain('consent/v1');
  });
});
