import { clearAutoAnswerContent } from '../src/autoanswer/data.ts';
import { feedbackTotals, withFeedback } from '../src/autoanswer/feedback.ts';
import type { Command, Invocation } from '../src/command.ts';
import { UserError } from '../src/errors.ts';
import { DEMO_DOCUMENTS } from '../src/kb/demo.ts';
import type { DocumentView } from '../src/kb/entry.ts';
import type { KbSettings } from '../src/kb/knowledge-base.ts';
import { KB_MAP_EMPTY, KB_MAP_MAX_POINTS, renderKbMap } from '../src/pictures/index.ts';
import { addDocument } from './kb/add.ts';
import { autoAnswerWrites, runAutoAnswer } from './kb/autoanswer.ts';
import { kbCli } from './kb/cli.ts';
import { kbData } from './kb/data.ts';
import { kbSurface } from './kb/discord.ts';
import { GAPS_WRITES, runGaps } from './kb/gaps.ts';
import type { DocumentSummary, KbInput, KbResult } from './kb/types.ts';
import { writerRole } from './kb/writer-role.ts';

export type * from './kb/types.ts';

const WRITES = new Set(['add', 'remove', 'clear', 'import', 'demo']);
/** The most characters one import takes (a Discord attachment is refused by size before this). */
export const IMPORT_LIMIT = 2_000_000;

function guildOf(invocation: Invocation): string {
  if (!invocation.guildId)
    throw new UserError('The knowledge base belongs to a server: use this inside a server.');
  return invocation.guildId;
}

const summary = ({ id, title, text, addedBy, addedAt }: DocumentView): DocumentSummary => ({
  id,
  title,
  text,
  addedBy,
  addedAt,
});

export const kb: Command<KbInput, KbResult> = {
  data: kbData,
  guildOnly: true,
  usesModel: true,

  writes: (input) =>
    WRITES.has(input.subcommand) ||
    GAPS_WRITES.has(input.subcommand) ||
    autoAnswerWrites(input) ||
    (input.subcommand === 'settings' && (input.threshold !== undefined || input.writer_role !== undefined)),
  writerRole,

  async run(input, services, invocation) {
    const base = services.kb;
    const guild = guildOf(invocation);
    switch (input.subcommand) {
      case 'autoanswer add':
      case 'autoanswer remove':
      case 'autoanswer list':
      case 'autoanswer threshold':
      case 'autoanswer pace':
        return runAutoAnswer({ ...input, subcommand: input.subcommand }, services, guild);
      case 'gaps show':
      case 'gaps clear':
        return runGaps({ subcommand: input.subcommand }, services, guild);
      case 'add':
        return { kind: 'added', ...(await addDocument(base, guild, input, invocation.userId)) };
      case 'list': {
        const r = await base.list(guild, input.page ?? 1);
        return {
          kind: 'list',
          total: r.total,
          page: r.page,
          pages: r.pages,
          corrupt: r.corrupt,
          documents: await withFeedback(base.store, guild, r.documents.map(summary)),
        };
      }
      case 'remove': {
        const doc = await base.remove(guild, (input.id ?? '').trim());
        return { kind: 'removed', id: doc.id, title: doc.title, text: doc.text };
      }
      case 'clear': {
        if (!input.confirm) return { kind: 'confirm-clear', total: (await base.list(guild)).total };
        const count = await base.clear(guild);
        // The questions kept as gaps and the votes go with the documents; channels and settings stay.
        await clearAutoAnswerContent(base.store, guild);
        return { kind: 'cleared', count };
      }
      case 'export': {
        const jsonl = await base.export(guild);
        return { kind: 'export', count: jsonl === '' ? 0 : jsonl.split('\n').length, jsonl };
      }
      case 'import': {
        if (!input.file) throw new UserError('Attach a .jsonl, .txt or .md file to import.');
        if (input.file.text.length > IMPORT_LIMIT)
          throw new UserError(`That file is too large to import at once (limit ${IMPORT_LIMIT} characters).`);
        const r = await base.import(guild, input.file.text, invocation.userId, (done, total) =>
          invocation.progress?.(`Importing… ${done} of ${total} entries processed.`),
        );
        return { kind: 'imported', ...r };
      }
      case 'stats': {
        const stats = await base.stats(guild);
        const docs = (await base.list(guild, 1, Number.MAX_SAFE_INTEGER)).documents;
        const feedback = await feedbackTotals(base.store, guild, new Set(docs.map((d) => d.id)));
        return { kind: 'stats', ...stats, ...(feedback.solved + feedback.notIt > 0 ? { feedback } : {}) };
      }
      case 'settings': {
        const change: Partial<KbSettings> = {};
        if (input.threshold !== undefined) change.threshold = input.threshold;
        if (input.writer_role !== undefined) change.writerRoleId = input.writer_role;
        const changed = Object.keys(change).length > 0;
        return {
          kind: 'settings',
          changed,
          settings: changed ? await base.updateSettings(guild, change) : await base.settings(guild),
        };
      }
      case 'demo': {
        const r = await base.import(
          guild,
          DEMO_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n'),
          invocation.userId,
        );
        const failures = r.errors.filter((e) => !e.duplicate);
        const already = r.errors.length - failures.length;
        if (r.added === 0 && already === 0 && failures[0]) {
          throw new UserError(`No demo documents were added: ${failures[0].message}`);
        }
        return {
          kind: 'demo',
          added: r.added,
          already,
          failed: failures.length,
          reason: failures[0]?.message ?? null,
        };
      }
      case 'map': {
        const points = await base.mapPoints(guild, KB_MAP_MAX_POINTS);
        if (points.total === 0) throw new UserError(KB_MAP_EMPTY);
        return {
          kind: 'map',
          documents: points.total,
          shown: points.vectors.length,
          picture: await renderKbMap(points.vectors, points.labels),
        };
      }
      default:
        throw new UserError(`Unknown /kb subcommand "${String(input.subcommand)}".`);
    }
  },

  discord: kbSurface,
  cli: kbCli,
};
