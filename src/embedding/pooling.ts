/**
 * Mean of the token vectors that the attention mask marks as real, then scaled to unit length:
 * the sentence-transformers recipe for all-MiniLM-L6-v2. `hidden` is [rows, width, dim] row-major.
 * Writes row r into `out` at `outRows[r] * dim`.
 */
export function meanPoolNormalized(
  hidden: Float32Array,
  mask: BigInt64Array,
  rows: number,
  width: number,
  dim: number,
  out: Float32Array,
  outRows: readonly number[],
): void {
  const acc = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    let count = 0;
    for (let t = 0; t < width; t++) {
      if (mask[r * width + t] === 0n) continue;
      count++;
      const base = (r * width + t) * dim;
      for (let d = 0; d < dim; d++) acc[d]! += hidden[base + d]!;
    }
    let sumSquares = 0;
    for (let d = 0; d < dim; d++) {
      acc[d]! /= Math.max(count, 1);
      sumSquares += acc[d]! * acc[d]!;
    }
    // Same floor as torch.nn.functional.normalize: an all-zero row stays zero instead of NaN.
    const scale = 1 / Math.max(Math.sqrt(sumSquares), 1e-12);
    const target = outRows[r]! * dim;
    for (let d = 0; d < dim; d++) out[target + d] = acc[d]! * scale;
  }
}
