/** A to-do the app creates for a partner's owner. */
export interface NewTask {
  subject: string;
  body: string;
  /** When the task is due (epoch ms). */
  dueAt: number;
  companyId: string;
  contactIds?: string[];
  /** Deals the task is also on. */
  dealIds?: string[];
  ownerId?: string | null;
  priority?: 'LOW' | 'MEDIUM' | 'HIGH';
}
