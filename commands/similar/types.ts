import type { Picture } from '../../src/pictures/png.ts';

/** Two sentences: the scores. */
export interface SimilarPairResult {
  kind: 'pair';
  a: string;
  b: string;
  cosine: number;
  euclidean: number;
  dot: number;
  verdict: string;
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  truncated: boolean;
  picture?: Picture;
}

export interface RankedPair {
  /** Indices into `sentences`. */
  a: number;
  b: number;
  cosine: number;
  verdict: string;
}

/** Three to ten sentences: every pair's cosine. */
export interface SimilarMatrixResult {
  kind: 'matrix';
  sentences: string[];
  /** cosines[i][j], rounded; 1 on the diagonal. */
  cosines: number[][];
  closest: RankedPair;
  farthest: RankedPair;
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  truncated: boolean;
  picture?: Picture;
}

export type SimilarResult = SimilarPairResult | SimilarMatrixResult;
