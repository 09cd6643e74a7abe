import type { Logger } from 'pino';
import type { MailMessage, MailReceipt, MailSender } from './mail-sender.js';
import { maskEmailAddress } from './mask-email-address.js';

export interface LoggingMailSenderOptions {
  /**
   * Also log the links in the message (consent links are single-use secrets). Only for sandbox
   * mode, where there is no mailbox and the newcomer has to click the link from the log. Default false.
   */
  showLinks?: boolean;
}

const LINK = /https?:\/\/[^\s<>"]+/g;

/**
 * The sender used when no `SMTP_URL` is set: the email is not dropped but logged, with what an
 * operator needs (template, contact, masked recipient, reference) and never the body, which holds
 * names and, for consent emails, a single-use link.
 */
export function createLoggingMailSender(logger: Logger, options: LoggingMailSenderOptions = {}): MailSender {
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      logger.info(
        {
          mail: {
            template: message.template,
            contactId: message.contactId,
            to: maskEmailAddress(message.to),
            reference: message.reference,
            ...(options.showLinks ? { links: [...new Set(message.text.match(LINK) ?? [])] } : {}),
          },
        },
        'email not sent (no SMTP_URL): logged instead',
      );
      return { transport: 'log' };
    },
  };
}
