/** A change the conflict-check index follows: a company or a deal that changed, appeared or went away. */
export interface IndexEvent {
  object: 'company' | 'deal';
  objectId: string;
  /** True for a deletion: the record is forgotten without being read. */
  deleted: boolean;
  /**
   * Set on a deal's creation and on a new deal↔company association: the direct-deal guard looks at
   * the deal (docs/registrations.md, "Direct deals"). Other changes only update the index.
   */
  guard?: boolean;
}
