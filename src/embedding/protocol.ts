import type { BatchResult } from './inference.ts';

export type WorkerRequest =
  | { type: 'embed'; id: number; texts: string[] }
  | { type: 'pieces'; id: number; texts: string[] };

export type WorkerReply =
  | { type: 'ready'; dimensions: number }
  | { type: 'load-failed'; message: string }
  | ({ type: 'embedded'; id: number } & BatchResult)
  | { type: 'pieces'; id: number; pieces: string[][] }
  | { type: 'failed'; id: number; message: string };
