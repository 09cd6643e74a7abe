/** A note the app writes on a partner's timeline. */
export interface NewNote {
  body: string;
  /** When the note's activity happened (epoch ms). */
  at: number;
  companyId: string;
  contactIds?: string[];
  /** Deals the note is also on (a direct deal's timeline). */
  dealIds?: string[];
}
