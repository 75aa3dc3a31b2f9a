/** The pair of different items (i < j) whose score is highest; the first such pair on ties. */
export function closestPair(scores: readonly (readonly number[])[]): [number, number] {
  return bestPair(scores, (x, best) => x > best);
}

/** The pair of different items (i < j) whose score is lowest; the first such pair on ties. */
export function farthestPair(scores: readonly (readonly number[])[]): [number, number] {
  return bestPair(scores, (x, best) => x < best);
}

function bestPair(
  scores: readonly (readonly number[])[],
  better: (x: number, best: number) => boolean,
): [number, number] {
  let best: [number, number] = [0, 1];
  let score: number | undefined;
  for (let i = 0; i < scores.length; i++)
    for (let j = i + 1; j < scores.length; j++)
      if (score === undefined || better(scores[i]![j]!, score)) {
        score = scores[i]![j]!;
        best = [i, j];
      }
  return best;
}
