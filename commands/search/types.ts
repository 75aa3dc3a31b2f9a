import type { SearchMode, SearchResult } from '../../src/kb/knowledge-base.ts';
import type { Picture } from '../../src/pictures/index.ts';

export interface SearchOutput {
  query: string;
  mode: SearchMode;
  total: number;
  results: SearchResult[];
  /** The inputs the model could mostly not read ([UNK]): their scores say little (see readable.ts). */
  unreadable?: string[];
  picture?: Picture;
}
