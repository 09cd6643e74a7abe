/** `0` → "today", `1` → "in 1 day", `14` → "in 14 days". */
export function describeDaysLeft(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  return daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`;
}
