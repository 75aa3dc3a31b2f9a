import type { FeedbackCounts } from '../../src/autoanswer/feedback.ts';
import type { ArgumentsOf } from '../../src/input.ts';
import type { GraphState } from '../../src/kb/ann.ts';
import type { DocumentView } from '../../src/kb/entry.ts';
import type { AddResult, KbSettings } from '../../src/kb/knowledge-base.ts';
import type { Picture } from '../../src/pictures/index.ts';
import type { AutoAnswerResult } from './autoanswer.ts';
import type { kbData } from './data.ts';
import type { GapsResult } from './gaps.ts';

export type { TextFile } from '../../src/input.ts';

/**
 * The options of the subcommand used, by name; `map` (draw the knowledge base) is the CLI's, and
 * `confirm` says a clear was confirmed.
 */
export type KbInput = Omit<ArgumentsOf<typeof kbData>, 'subcommand'> & {
  subcommand: ArgumentsOf<typeof kbData>['subcommand'];
  confirm?: boolean;
};

export type DocumentSummary = Pick<DocumentView, 'id' | 'title' | 'text' | 'addedBy' | 'addedAt'> & {
  /** "Solved it" / "Not it" votes on auto-answers that gave this document, when it has any. */
  feedback?: FeedbackCounts;
};

export type KbResult =
  | ({ kind: 'added' } & AddResult)
  | {
      kind: 'list';
      total: number;
      page: number;
      pages: number;
      corrupt: number;
      documents: DocumentSummary[];
    }
  | { kind: 'removed'; id: string; title: string | null; text: string }
  | { kind: 'confirm-clear'; total: number }
  | { kind: 'cleared'; count: number }
  | { kind: 'export'; count: number; jsonl: string }
  | { kind: 'imported'; added: number; errors: { line: number; message: string }[] }
  | {
      kind: 'stats';
      documents: number;
      chunks: number;
      quota: number;
      corrupt: number;
      stale: number;
      vectorBytes: number;
      /** Searches go through the HNSW graph rather than comparing with every chunk. */
      approximate: boolean;
      graph: GraphState;
      settings: KbSettings;
      /** Votes on auto-answers, over the documents still there, when there are any. */
      feedback?: FeedbackCounts;
    }
  | { kind: 'settings'; settings: KbSettings; changed: boolean }
  | {
      kind: 'demo';
      added: number;
      /** Demo documents the server already had. */
      already: number;
      /** Documents not added for another reason (a full quota), and the first such reason. */
      failed: number;
      reason: string | null;
    }
  | { kind: 'map'; documents: number; shown: number; picture: Picture }
  | AutoAnswerResult
  | GapsResult;
