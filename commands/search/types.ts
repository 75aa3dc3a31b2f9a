import type { SearchMode, SearchResult } from '../../src/kb/knowledge-base.ts';
import type { Picture } from '../../src/pictures/index.ts';

export interface SearchOutput {
  query: string;
  mode: SearchMode;
  total: number;
  results: SearchResult[];
  picture?: Picture;
}
