/**
 * Plain words for a cosine between two all-MiniLM-L6-v2 sentence embeddings. The bands suit this
 * model, whose paraphrases typically score 0.5–0.9 and unrelated sentences near 0.
 */
const BANDS: ReadonlyArray<readonly [number, string]> = [
  [0.8, 'nearly the same meaning'],
  [0.5, 'similar meaning'],
  [0.3, 'somewhat related'],
  [0.1, 'barely related'],
];

export function verdict(cosine: number): string {
  for (const [floor, words] of BANDS) if (cosine >= floor) return words;
  return 'unrelated';
}

/** One rounding for every score the bot shows, so /similar and /explain agree to the digit. */
export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
