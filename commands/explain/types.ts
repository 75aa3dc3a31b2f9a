export interface ExplainPage {
  topic: string;
  title: string;
  body: string;
}

/** One sentence as the model saw it. */
export interface LiveSide {
  text: string;
  /** Word pieces after the window cut, [CLS] and [SEP] included. */
  pieces: string[];
  /** Tokens before the cut. */
  tokens: number;
  truncated: boolean;
}

/** One dimension's share of the dot product: a[i] × b[i]. */
export interface Contribution {
  dimension: number;
  a: number;
  b: number;
  product: number;
}

/** /explain a: b:, computed: every number rounded as /similar rounds it. */
export interface LiveExplain {
  a: LiveSide;
  b: LiveSide;
  /** Tokens the model reads at most. */
  window: number;
  dimensions: number;
  dot: number;
  normA: number;
  normB: number;
  cosine: number;
  euclidean: number;
  verdict: string;
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  /** The first terms of the sum, to write it out. */
  firstTerms: Contribution[];
  /** The dimensions adding the most to the dot product, largest first. */
  together: Contribution[];
  /** The dimensions taking the most away, most negative first. */
  apart: Contribution[];
}

export interface ExplainResult {
  /** Index of the page to show first. */
  start: number;
  pages: ExplainPage[];
  /** Present when two sentences were given: the walkthrough on them. */
  live?: LiveExplain;
}
