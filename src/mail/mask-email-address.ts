/**
 * `jane.doe@example.com` → `j***@example.com`: enough for an operator to tell messages apart in a
 * log without the log holding the address.
 */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
