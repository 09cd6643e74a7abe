import nodemailer from 'nodemailer';
import type { MailMessage, MailReceipt, MailSender } from './mail-sender.js';

/** Options of {@link createSmtpMailSender}. */
export interface SmtpMailSenderOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (nodemailer's connection URL). */
  smtpUrl: string;
  /** The From header, e.g. `Partner enablement <enablement@example.com>`. */
  from: string;
}

/** Sends through an SMTP server with nodemailer: a multipart text + HTML message. */
export function createSmtpMailSender(options: SmtpMailSenderOptions): MailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      const info = await transport.sendMail({
        from: options.from,
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          'X-Partner-Enablement-Template': message.template,
          ...(message.reference ? { 'X-Partner-Enablement-Reference': message.reference } : {}),
        },
      });
      return { transport: 'smtp', messageId: info.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
