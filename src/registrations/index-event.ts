/** A change the conflict-check index follows: a company or a deal that changed, appeared or went away. */
export interface IndexEvent {
  object: 'company' | 'deal';
  objectId: string;
  /** True for a deletion: the record is forgotten without being read. */
  deleted: boolean;
}
