import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailSender } from '../../../src/mail/smtp-mail-sender.js';
import { renderRenewalReminderEmail } from '../../../src/mail/render-renewal-reminder-email.js';

/** The smallest SMTP server nodemailer will talk to: it accepts every message and keeps its data. */
function startSmtpServer(): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const command = buffer.slice(0, lineEnd).toUpperCase();
        buffer = buffer.slice(lineEnd + 2);
        if (command.startsWith('EHLO')) socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (command.startsWith('DATA')) {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, messages, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('SMTP mail sender', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('hands a multipart text and HTML message to the SMTP server named by SMTP_URL', async () => {
    const sender = createSmtpMailSender({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Enablement <enablement@vendor.example>' });
    const message = renderRenewalReminderEmail({
      to: 'ada@partner.example',
      contactId: 'c1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      certificationName: 'Sales Fundamentals',
      expiresOn: '2026-06-30',
      daysLeft: 14,
      renewal: 'Retake exam',
      reference: 'renewal-reminder/c1/sales_fundamentals/2026-06-30/14',
    });

    const receipt = await sender.send(message);
    await sender.close?.();

    // Unfold long header lines (RFC 5322 folding) before reading them.
    const data = (smtp.messages.at(-1) ?? '').replace(/\r\n[ \t]+/g, ' ');
    expect(receipt.transport).toBe('smtp');
    expect(data).toContain('To: Ada Lovelace <ada@partner.example>');
    expect(data).toContain('Subject: Your Sales Fundamentals certification expires in 14 days');
    expect(data).toContain('Content-Type: multipart/alternative');
    expect(data).toContain('X-Partner-Enablement-Reference: renewal-reminder/c1/sales_fundamentals/2026-06-30/14');
  });
});
