import type { Picture } from '../../src/pictures/png.ts';

export interface AnalogyResult {
  expression: string;
  source: 'candidates' | 'vocabulary';
  candidateCount: number;
  includeInputs: boolean;
  results: { word: string; score: number; input: boolean }[];
  picture?: Picture;
}
