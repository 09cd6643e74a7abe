import { z } from 'zod';

/** One value for a query parameter given several times with the same value; anything else as is. */
function collapseIdenticalRepeats(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0) return value;
  return value.every((item) => item === value[0]) ? value[0] : value;
}

/**
 * A query parameter holding a HubSpot id (digits). HubSpot's `hubspot.fetch` proxy adds
 * `portalId`, `userId`, `userEmail` and `appId` to the query of every card request, so a card
 * that passes `portalId` itself arrives with it twice: identical repeats count as one value, and
 * repeats that differ are refused by name.
 */
export function queryDigits(what: string) {
  return z.preprocess(
    collapseIdenticalRepeats,
    z
      .string({ error: (issue) => (Array.isArray(issue.input) ? `given several times with different values (${issue.input.join(', ')})` : `expected ${what} (digits)`) })
      .regex(/^\d+$/, `expected ${what} (digits)`),
  );
}
