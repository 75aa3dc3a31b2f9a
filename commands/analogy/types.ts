import type { Picture } from '../../src/pictures/png.ts';

export interface AnalogyResult {
  expression: string;
  source: 'candidates' | 'vocabulary';
  candidateCount: number;
  includeInputs: boolean;
  results: { word: string; score: number; input: boolean }[];
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  picture?: Picture;
}
