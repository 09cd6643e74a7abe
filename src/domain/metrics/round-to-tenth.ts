/** A figure shown with one decimal (a percentage, an average, hours). */
export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
