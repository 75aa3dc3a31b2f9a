import type { Picture } from '../../src/pictures/png.ts';

export interface EmbedComparison {
  text: string;
  tokens: number;
  truncated: boolean;
  cosine: number;
  verdict: string;
}

export interface EmbedResult {
  text: string;
  model: string;
  dtype: string;
  dimensions: number;
  tokens: number;
  window: number;
  truncated: boolean;
  norm: number;
  preview: number[];
  vector: number[];
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  compare?: EmbedComparison;
  picture?: Picture;
}
