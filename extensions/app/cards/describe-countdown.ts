/** "Decision due in 1 d 4 h", or "Decision overdue by 3 h". */
export function describeCountdown(minutes: number): string {
  const span = Math.abs(minutes);
  const days = Math.floor(span / 1_440);
  const hours = Math.floor((span % 1_440) / 60);
  const rest = span % 60;
  const parts = days > 0 ? [`${days} d`, `${hours} h`] : hours > 0 ? [`${hours} h`, `${rest} min`] : [`${rest} min`];
  return minutes >= 0 ? `Decision due in ${parts.join(' ')}` : `Decision overdue by ${parts.join(' ')}`;
}
