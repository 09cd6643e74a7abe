/** "today", "in 1 day", "in 12 days", "3 days ago": days relative to the evaluation date. */
export function describeDays(days: number): string {
  if (days === 0) return 'today';
  const count = Math.abs(days);
  const unit = count === 1 ? 'day' : 'days';
  return days > 0 ? `in ${count} ${unit}` : `${count} ${unit} ago`;
}
