import type { Logger } from 'pino';
import type { MailMessage, MailReceipt, MailSender } from './mail-sender.js';
import { maskEmailAddress } from './mask-email-address.js';

/**
 * The sender used when no `SMTP_URL` is set: the email is not dropped but logged, with what an
 * operator needs (template, contact, masked recipient, reference) and never the body, which holds
 * names and, for consent emails, a single-use link.
 */
export function createLoggingMailSender(logger: Logger): MailSender {
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      logger.info(
        {
          mail: {
            template: message.template,
            contactId: message.contactId,
            to: maskEmailAddress(message.to),
            reference: message.reference,
          },
        },
        'email not sent (no SMTP_URL): logged instead',
      );
      return { transport: 'log' };
    },
  };
}
