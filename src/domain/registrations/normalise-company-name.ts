/** Legal forms and filler words that do not tell two companies apart. */
const LEGAL_FORMS = new Set([
  'ab', 'ag', 'aps', 'as', 'bv', 'co', 'company', 'corp', 'corporation', 'gmbh', 'inc', 'incorporated', 'kg', 'kk',
  'limited', 'llc', 'llp', 'ltd', 'nv', 'oy', 'plc', 'pte', 'pty', 'sa', 'sarl', 'sas', 'spa', 'srl',
]);

/**
 * A company name reduced to what identifies it: lower case, accents and punctuation removed,
 * `&` read as "and", a leading "the" and trailing legal forms dropped. "ACME, Inc." and
 * "Acme GmbH" are both `acme`; "Müller & Söhne" is `muller and sohne`. Null when nothing is left.
 */
export function normaliseCompanyName(name: string): string | null {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  const start = words[0] === 'the' && words.length > 1 ? 1 : 0;
  let end = words.length;
  while (end > start + 1 && LEGAL_FORMS.has(words[end - 1]!)) end -= 1;
  const kept = words.slice(start, end);
  return kept.length === 0 ? null : kept.join(' ');
}
