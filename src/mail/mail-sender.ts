/** One email the product sends: already rendered from a template. */
export interface MailMessage {
  /** Recipient address. */
  to: string;
  /** Recipient display name, when known. */
  toName?: string | null;
  subject: string;
  /** Plain-text body (every message has one, for clients that show no HTML). */
  text: string;
  html: string;
  /** Which template built it (`renewal-reminder`, `training-consent`): logged instead of the body. */
  template: string;
  /** The HubSpot contact it is for, so an operator can find it without reading the body. */
  contactId?: string;
  /** Idempotency reference (a reminder key or an assignment id), sent as a header and logged. */
  reference?: string;
}

/** What a sender reports back. */
export interface MailReceipt {
  /** `smtp` when handed to an SMTP server, `log` when only logged, `memory` when kept in an outbox. */
  transport: 'smtp' | 'log' | 'memory';
  /** The Message-ID the transport assigned, when it has one. */
  messageId?: string;
}

/** Sends (or records) emails. Rejects when the message could not be handed over. */
export interface MailSender {
  send(message: MailMessage): Promise<MailReceipt>;
  /** Closes pooled connections. */
  close?(): Promise<void>;
}
