import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { projectFile } from '../project.ts';

/** The native graph built from native/hnsw.cpp (usearch's HNSW, reading the caller's rows). */
interface NativeGraph {
  add(matrix: Float32Array, rows: number): void;
  search(matrix: Float32Array, query: Float32Array, count: number): Uint32Array;
  close(): void;
  readonly size: number;
  readonly memoryBytes: number;
}

type GraphConstructor = new (
  dimensions: number,
  connectivity: number,
  expansionAdd: number,
  expansionSearch: number,
) => NativeGraph;

const BINARY = projectFile('native', 'build', 'Release', 'hnsw.node');

function loadGraph(): GraphConstructor {
  if (!existsSync(BINARY)) {
    throw new Error(
      `${BINARY} is missing: build it with \`npm run native\` (needs python3, make and a C++ compiler).`,
    );
  }
  return (createRequire(import.meta.url)(BINARY) as { Graph: GraphConstructor }).Graph;
}

const Graph = loadGraph();

/**
 * An approximate (HNSW) index over the rows of a server's vector matrix. The graph holds only links:
 * distances are read from the matrix passed to each call, so there is no second copy of the vectors
 * and the distances it ranks by are exact cosines. Adding is synchronous native work, so the owner
 * feeds rows in small slices between other work.
 */
export class AnnIndex {
  private readonly graph: NativeGraph;

  constructor(readonly dimensions: number) {
    this.graph = new Graph(dimensions, 16, 64, 256);
  }

  /** Rows 0 … added-1 are in the graph (keys are row numbers). */
  get added(): number {
    return this.graph.size;
  }

  /** Links the next rows of `matrix` (up to `limit` of them, never beyond `rows`). */
  addFrom(matrix: Float32Array, rows: number, limit: number): void {
    const to = Math.min(rows, this.added + limit);
    if (to > this.added) this.graph.add(matrix, to);
  }

  /** Row numbers of the (approximately) nearest `count` rows, nearest first. */
  nearest(matrix: Float32Array, query: Float32Array, count: number): number[] {
    return Array.from(this.graph.search(matrix, query, Math.min(count, this.added)));
  }

  /** Frees the graph's memory now (it is unusable afterwards). */
  close(): void {
    this.graph.close();
  }

  /** Bytes held by the graph's links. */
  get memoryBytes(): number {
    return this.graph.memoryBytes;
  }
}
