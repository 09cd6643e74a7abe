/** What a recalculation must at least read and write. */
export interface LowerBoundInput {
  /** N: distinct companies to recalculate. */
  companies: number;
  /** C: distinct contacts associated with them. */
  contacts: number;
  /** W: companies whose outputs differ after the work (before → after). */
  companiesChanged: number;
  /** Wc: contacts whose outputs differ after the work. */
  contactsChanged: number;
  /** Notes and tasks the product created (tier changes, declining trends). */
  activities?: number;
}

/** The two lower bounds the benches compare against, with their terms. */
export interface LowerBound {
  /** HUBSPOT-NOTES: one batch read and one batch write per 100 companies, `2⌈N/100⌉`. */
  strict: number;
  /**
   * Everything a recalculation must do with HubSpot's batch APIs: `⌈N/100⌉` company reads +
   * `⌈N/1000⌉` association reads + `⌈C/100⌉` contact reads + `⌈W/100⌉` company writes +
   * `⌈Wc/100⌉` contact writes + `⌈A/100⌉` batch creates of notes and tasks.
   */
  full: number;
  terms: { companyReads: number; associationReads: number; contactReads: number; companyWrites: number; contactWrites: number; activityCreates: number };
}

/** HubSpot's limits per request: batch read/update/create 100, association batch read 1,000. */
const OBJECTS_PER_BATCH = 100;
const ASSOCIATIONS_PER_BATCH = 1000;

export function apiLowerBound(input: LowerBoundInput): LowerBound {
  const batches = (n: number, size = OBJECTS_PER_BATCH) => Math.ceil(n / size);
  const terms = {
    companyReads: batches(input.companies),
    associationReads: batches(input.companies, ASSOCIATIONS_PER_BATCH),
    contactReads: batches(input.contacts),
    companyWrites: batches(input.companiesChanged),
    contactWrites: batches(input.contactsChanged),
    activityCreates: batches(input.activities ?? 0),
  };
  return {
    strict: 2 * batches(input.companies),
    full: Object.values(terms).reduce((sum, n) => sum + n, 0),
    terms,
  };
}

/** The formula of `full`, with the numbers put in, for the printed report. */
export function describeLowerBound(input: LowerBoundInput, bound: LowerBound): string {
  const t = bound.terms;
  return (
    `⌈N/100⌉ + ⌈N/1000⌉ + ⌈C/100⌉ + ⌈W/100⌉ + ⌈Wc/100⌉ + ⌈A/100⌉ = ` +
    `${t.companyReads} + ${t.associationReads} + ${t.contactReads} + ${t.companyWrites} + ${t.contactWrites} + ${t.activityCreates} = ${bound.full}` +
    ` (N=${input.companies}, C=${input.contacts}, W=${input.companiesChanged}, Wc=${input.contactsChanged}, A=${input.activities ?? 0})`
  );
}
