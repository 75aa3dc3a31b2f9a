import usearch from 'usearch';

const { Index, MetricKind, ScalarKind } = usearch;

/**
 * An approximate (HNSW) index over the rows of a server's vector matrix, from usearch. Vectors are
 * kept as int8 (a quarter of the float32 size); candidates are re-ranked exactly by the caller.
 * Adding is synchronous native work, so the owner feeds rows in small slices between other work.
 */
export class AnnIndex {
  private readonly index: InstanceType<typeof Index>;
  /** Rows 0 … added-1 are in the graph (keys are row numbers). */
  added = 0;

  constructor(readonly dimensions: number) {
    this.index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      quantization: ScalarKind.I8,
      connectivity: 16,
      expansion_add: 64,
      expansion_search: 256,
      multi: false,
    });
  }

  /** Adds the next rows of `matrix` (up to `limit` of them). */
  addFrom(matrix: Float32Array, rows: number, limit: number): void {
    const to = Math.min(rows, this.added + limit);
    if (to <= this.added) return;
    const keys = new BigUint64Array(to - this.added);
    for (let i = 0; i < keys.length; i++) keys[i] = BigInt(this.added + i);
    this.index.add(keys, matrix.subarray(this.added * this.dimensions, to * this.dimensions), 1);
    this.added = to;
  }

  /** Row numbers of the (approximately) nearest `count` rows. */
  nearest(query: Float32Array, count: number): number[] {
    const found = this.index.search(query, Math.min(count, this.added), 1);
    return Array.from(found.keys, (k) => Number(k));
  }
}
