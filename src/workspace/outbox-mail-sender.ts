import type { MailMessage, MailReceipt, MailSender } from '../mail/mail-sender.js';

/** One email the product sent, as the workspace's outbox shows it. */
export interface OutboxEntry {
  id: number;
  at: number;
  to: string;
  toName: string | null;
  subject: string;
  template: string;
  html: string;
  text: string;
  links: string[];
}

/** A sender that passes every message on and keeps the newest `limit` for the workspace's outbox. */
export interface OutboxMailSender extends MailSender {
  readonly entries: readonly OutboxEntry[];
}

const LINK = /href="([^"]+)"/g;

export function createOutboxMailSender(inner: MailSender, options: { limit?: number; now?: () => number } = {}): OutboxMailSender {
  const entries: OutboxEntry[] = [];
  const limit = options.limit ?? 500;
  let nextId = 1;
  return {
    entries,
    async send(message: MailMessage): Promise<MailReceipt> {
      const receipt = await inner.send(message);
      const links = [...message.html.matchAll(LINK)].map((match) => match[1]!.replaceAll('&amp;', '&'));
      entries.push({
        id: nextId++,
        at: (options.now ?? Date.now)(),
        to: message.to,
        toName: message.toName ?? null,
        subject: message.subject,
        template: message.template,
        html: message.html,
        text: message.text,
        links,
      });
      if (entries.length > limit) entries.splice(0, entries.length - limit);
      return receipt;
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}
