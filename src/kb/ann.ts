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

/** How a server is searched: through the graph, exactly (too small for one), or exactly for want of the addon. */
export type GraphState = 'hnsw' | 'exact' | 'unavailable';

/** How `kb stats` words each state. */
export const GRAPH_LABEL: Record<GraphState, string> = {
  hnsw: 'HNSW graph',
  exact: 'exact',
  unavailable: 'exact (native graph unavailable: npm run native)',
};

/** The compiled addon; EMBEDBOT_NATIVE_GRAPH names another file (tests point it at a broken one). */
const binary = (): string =>
  process.env.EMBEDBOT_NATIVE_GRAPH || projectFile('native', 'build', 'Release', 'hnsw.node');

let loaded: { file: string; graph?: GraphConstructor; problem?: string } | undefined;
let warned = false;

/**
 * Loads the addon on first use (never at import: the CLI and small servers do not need it). When it
 * cannot be loaded, warns once per process and returns undefined: search stays exact.
 */
export function loadGraph(): GraphConstructor | undefined {
  const file = binary();
  if (loaded?.file === file) return loaded.graph;
  try {
    if (!existsSync(file)) throw new Error(`${file} is missing`);
    const graph = (createRequire(import.meta.url)(file) as { Graph?: GraphConstructor }).Graph;
    if (typeof graph !== 'function') throw new Error(`${file} has no Graph class`);
    loaded = { file, graph };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    const problem = `native HNSW graph unavailable (${reason}); search stays exact. Build it with \`npm run native\` (needs python3, make and a C++ compiler).`;
    loaded = { file, problem };
    if (!warned) process.emitWarning(problem, { code: 'EMBEDBOT_NATIVE_GRAPH' });
    warned = true;
  }
  return loaded.graph;
}

/**
 * At start-up, without loading the addon (a server may never need it): why the graph will not be there,
 * when its file is missing. A file that exists but cannot be loaded is reported on first need.
 */
export function graphFileProblem(): string | undefined {
  const file = binary();
  return existsSync(file)
    ? undefined
    : `native HNSW graph not built (${file} is missing): large servers will be searched exactly. Build it with \`npm run native\` (needs python3, make and a C++ compiler).`;
}

/** Why the graph cannot be used (after trying to load it), or undefined when it can: for `doctor`. */
export function graphProblem(): string | undefined {
  return loadGraph() ? undefined : loaded?.problem;
}

/**
 * An approximate (HNSW) index over the rows of a server's vector matrix. The graph holds only links:
 * distances are read from the matrix passed to each call, so there is no second copy of the vectors
 * and the distances it ranks by are exact cosines. Adding is synchronous native work, so the owner
 * feeds rows in small slices between other work.
 */
export class AnnIndex {
  private readonly graph: NativeGraph;

  /** Throws when the addon cannot be loaded: check `loadGraph()` first to fall back quietly. */
  constructor(readonly dimensions: number) {
    const Graph = loadGraph();
    if (!Graph) throw new Error(graphProblem() ?? 'native HNSW graph unavailable');
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
