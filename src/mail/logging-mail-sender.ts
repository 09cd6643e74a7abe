import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { MailMessage, MailReceipt, MailSender } from './mail-sender.js';
import { maskEmailAddress } from './mask-email-address.js';

export interface LoggingMailSenderOptions {
  /**
   * Also save each message, whole, as a text file in this folder, and name the file in the log
   * line. Only for sandbox mode, where there is no mailbox and the newcomer has to open the
   * consent link: the link is a single-use secret, so it goes to a file, never into the log.
   * Default: nothing is saved.
   */
  outboxDirectory?: string;
}

/**
 * The sender used when no `SMTP_URL` is set: the email is not dropped but logged, with what an
 * operator needs (template, contact, masked recipient, reference) and never the body, which holds
 * names and, for consent emails, a single-use link.
 */
export function createLoggingMailSender(logger: Logger, options: LoggingMailSenderOptions = {}): MailSender {
  let saved = 0;
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      const file = options.outboxDirectory === undefined ? undefined : await saveToOutbox(options.outboxDirectory, message, ++saved);
      logger.info(
        {
          mail: {
            template: message.template,
            contactId: message.contactId,
            to: maskEmailAddress(message.to),
            reference: message.reference,
            ...(file ? { file } : {}),
          },
        },
        file ? 'email not sent (no SMTP_URL): saved to the outbox folder instead' : 'email not sent (no SMTP_URL): logged instead',
      );
      return { transport: 'log' };
    },
  };
}

async function saveToOutbox(directory: string, message: MailMessage, sequence: number): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${stamp}-${String(sequence).padStart(4, '0')}-${message.template.replace(/[^\w-]/g, '_')}.txt`;
  const file = path.join(directory, name);
  await writeFile(file, `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`, { encoding: 'utf8', mode: 0o600 });
  return file;
}
