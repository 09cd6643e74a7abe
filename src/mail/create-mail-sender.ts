import type { Logger } from 'pino';
import { createLoggingMailSender } from './logging-mail-sender.js';
import type { MailSender } from './mail-sender.js';
import { createSmtpMailSender } from './smtp-mail-sender.js';

/** Options of {@link createMailSender}, usually from `loadConfig()`. */
export interface CreateMailSenderOptions {
  /** `SMTP_URL`; unset means emails are logged, not sent. */
  smtpUrl: string | undefined;
  /** `MAIL_FROM`. */
  mailFrom: string;
  logger: Logger;
  /** Save unsent emails in this folder (sandbox mode only: their links are single-use secrets). */
  outboxDirectory?: string;
}

/** SMTP when `SMTP_URL` is set, otherwise the logging sender. */
export function createMailSender(options: CreateMailSenderOptions): MailSender {
  if (options.smtpUrl) return createSmtpMailSender({ smtpUrl: options.smtpUrl, from: options.mailFrom });
  return createLoggingMailSender(options.logger, options.outboxDirectory === undefined ? {} : { outboxDirectory: options.outboxDirectory });
}
