import type { MailMessage, MailReceipt, MailSender } from './mail-sender.js';

/** A sender that keeps every message in an outbox: for the sandbox demo and for tests. */
export interface MemoryMailSender extends MailSender {
  readonly outbox: readonly MailMessage[];
}

export function createMemoryMailSender(): MemoryMailSender {
  const outbox: MailMessage[] = [];
  return {
    outbox,
    async send(message: MailMessage): Promise<MailReceipt> {
      outbox.push(message);
      return { transport: 'memory', messageId: `memory-${outbox.length}` };
    },
  };
}
