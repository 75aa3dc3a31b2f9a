import fs from 'node:fs/promises';
import { MAX_SENTENCES } from '../../commands/similar.ts';
import { withFeedback } from '../autoanswer/feedback.ts';
import type { Invocation } from '../command.ts';
import { UserError } from '../errors.ts';
import type { Picture } from '../pictures/png.ts';
import type { RunningServices } from '../services.ts';
import { readTextFile, writePicture } from './files.ts';

/** One run of a command from the command line, as adapters see it. */
export interface CliRun {
  values: Record<string, string | boolean | undefined>;
  /** Positionals beyond the named ones (only for `variadic` adapters). */
  rest: string[];
  /** The command's input by option name, filled from positionals and flags. */
  input: Record<string, unknown>;
  services(): RunningServices;
  invocation: Invocation;
  print(text: string): void;
  warn(text: string): void;
}

export interface CliFlag {
  type: 'string' | 'boolean';
  /** [left column, explanation] in --help. */
  help: [string, string];
}

/**
 * What the command line adds to a command's data: how positionals map to options, files and
 * pictures. Options, types, limits and help text come from the data itself.
 */
export interface CliAdapter {
  usage: string;
  /** Option names filled by position, in order. */
  positionals?: readonly string[];
  /** More positionals than named are allowed (they land in `rest`). */
  variadic?: boolean;
  /** Flags of the command line only. */
  flags?: Record<string, CliFlag>;
  /** Help text for an option whose meaning differs on the command line. */
  describe?: Record<string, string>;
  /** Data options the command line does not offer. */
  hide?: readonly string[];
  /** Needs --guild ID; the text says what for. */
  guild?: string;
  /** The message when a required option is missing (default: the usage). */
  missing?: Record<string, string>;
  /** Replaces the check that every required option is there. */
  check?(run: CliRun): void;
  prepare?(run: CliRun): Promise<void>;
  /** Replaces the command's own run. */
  run?(run: CliRun): Promise<unknown>;
  /** Looks at the result before it is printed (may refuse it, may write a file). */
  verify?(run: CliRun, result: unknown): Promise<void>;
  /** After the result is printed. */
  finish?(run: CliRun, result: unknown): Promise<void>;
  /** Replaces the command's renderer (for results the command itself does not produce). */
  render?(result: unknown, json: boolean): string;
}

const image = (help: string): Record<string, CliFlag> => ({
  image: { type: 'string', help: ['--image FILE', help] },
});

const imageFile = (run: CliRun): string | undefined =>
  typeof run.values.image === 'string' ? run.values.image : undefined;

/** Draws the picture only for --image, writes it after the result and prints where. */
const pictureAdapter = {
  async prepare(run: CliRun) {
    run.input.picture = imageFile(run) !== undefined;
  },
  async finish(run: CliRun, result: unknown) {
    const file = imageFile(run);
    if (file === undefined) return;
    const note = await writePicture(file, (result as { picture?: Picture }).picture);
    if (!run.values.json) run.print(note);
  },
};

/** Commands that add documents load the model first, so a missing model is named as the cause. */
const needsModel = (what: string) => async (run: CliRun) => {
  await run
    .services()
    .embedder.ready()
    .catch((error: unknown) => {
      throw new UserError(
        `The model could not be loaded (${(error as Error).message}); ${what} needs it. Run embedbot doctor.`,
      );
    });
};

const KB_GUILD = 'the server whose knowledge base to use';

export const adapters: Record<string, CliAdapter> = {
  embed: {
    usage: 'embedbot embed TEXT [--values N] [--full] [--compare TEXT] [--image FILE] [--json]',
    positionals: ['text'],
    describe: { full: 'print every value' },
    flags: image('write the picture (the 384 values as a coloured strip) to FILE as PNG'),
    ...pictureAdapter,
  },
  similar: {
    usage: 'embedbot similar A B [--json]',
    positionals: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    variadic: true,
    flags: {
      lines: {
        type: 'string',
        help: ['--lines FILE', 'read the sentences from FILE, one per line (- reads standard input)'],
      },
      ...image('write the picture (a score bar, or a heatmap of every pair) to FILE as PNG'),
    },
    check(run) {
      const given = Object.keys(run.input).length + run.rest.length;
      if (given > MAX_SENTENCES)
        throw new UserError(`That is ${given} sentences; similar compares up to ${MAX_SENTENCES}.`);
      if (run.values.lines === undefined && given < 2) throw new UserError(`usage: ${this.usage}`);
      if (run.values.lines !== undefined && given > 0)
        throw new UserError('Give the sentences either as arguments or with --lines FILE, not both.');
    },
    async prepare(run) {
      if (typeof run.values.lines === 'string') {
        run.input.a = '';
        run.input.lines = (await readTextFile(run.values.lines)).text;
      }
      await pictureAdapter.prepare(run);
    },
    finish: pictureAdapter.finish,
  },
  analogy: {
    usage:
      'embedbot analogy A B C [--candidates w1,w2,…] [--include-inputs] [--top N] [--image FILE] [--json]',
    positionals: ['a', 'b', 'c'],
    flags: image('write the picture (a 2-D map of the words with the arithmetic as arrows) as PNG'),
    ...pictureAdapter,
  },
  explain: {
    usage: 'embedbot explain [TOPIC] [--a A --b B] [--json]',
    positionals: ['topic'],
  },
  search: {
    usage:
      'embedbot search --guild ID QUERY [--k N] [--mode semantic|keyword|hybrid] [--image FILE] [--json]',
    positionals: ['query'],
    guild: 'the server whose knowledge base to search',
    hide: ['map'],
    flags: image('also draw the knowledge base with the query marked, as a PNG'),
    async prepare(run) {
      run.input.map = imageFile(run) !== undefined;
    },
    async verify(run, result) {
      const file = imageFile(run);
      const picture = (result as { picture?: Picture }).picture;
      if (file !== undefined && picture) await fs.writeFile(file, picture.png);
    },
  },
  'kb add': {
    usage: 'embedbot kb add --guild ID (TEXT | --file PATH) [--title T] [--json]',
    positionals: ['text'],
    guild: KB_GUILD,
    describe: { file: 'a .txt or .md file to add as one document' },
    check(run) {
      if (run.input.text === undefined && run.values.file === undefined)
        throw new UserError('Give the TEXT to add, or --file PATH.');
    },
    prepare: needsModel('kb add'),
  },
  'kb list': {
    usage: 'embedbot kb list --guild ID [--page N | --all] [--json]',
    guild: KB_GUILD,
    flags: { all: { type: 'boolean', help: ['--all', 'every document, not one page'] } },
    async run(run) {
      if (!run.values.all) return undefined;
      const { kb } = run.services();
      const guild = run.invocation.guildId!;
      const all = await kb.list(guild, 1, Number.MAX_SAFE_INTEGER);
      return { kind: 'list', ...all, documents: await withFeedback(kb.store, guild, all.documents) };
    },
    async verify(run, result) {
      const asked = run.input.page as number | undefined;
      const { page, pages, total } = result as { page: number; pages: number; total: number };
      if (asked !== undefined && asked !== page)
        throw new UserError(
          `There is no page ${asked}: ${total === 0 ? 'the knowledge base is empty' : `the last page is ${pages} (${total} documents)`}.`,
        );
    },
  },
  'kb remove': {
    usage: 'embedbot kb remove --guild ID DOC_ID',
    positionals: ['id'],
    guild: KB_GUILD,
    missing: { id: 'Give the DOC_ID to remove (see embedbot kb list).' },
  },
  'kb clear': {
    usage: 'embedbot kb clear --guild ID --yes',
    guild: KB_GUILD,
    flags: { yes: { type: 'boolean', help: ['--yes', 'confirm: remove every document of that server'] } },
    check(run) {
      if (run.values.yes !== true)
        throw new UserError('This removes every document of that server: add --yes to confirm.');
    },
    async prepare(run) {
      run.input.confirm = true;
    },
  },
  'kb import': {
    usage: 'embedbot kb import --guild ID FILE [--json]',
    positionals: ['file'],
    guild: KB_GUILD,
    missing: { file: 'Give the FILE to import.' },
    prepare: needsModel('kb import'),
    async finish(run, result) {
      const { added, errors } = result as { added: number; errors: { line: number; message: string }[] };
      for (const e of errors) run.warn(`line ${e.line}: ${e.message}`);
      if (errors.length > 0)
        throw new UserError(`${errors.length} of ${added + errors.length} entries were not imported.`);
      if (added === 0) throw new UserError('Nothing was imported: the file holds no documents.');
    },
  },
  'kb export': { usage: 'embedbot kb export --guild ID', guild: KB_GUILD },
  'kb stats': { usage: 'embedbot kb stats --guild ID [--json]', guild: KB_GUILD },
  'kb settings': {
    usage: 'embedbot kb settings --guild ID [--threshold X] [--writer-role ID] [--json]',
    guild: KB_GUILD,
  },
  'kb demo': {
    usage: 'embedbot kb demo --guild ID [--json]',
    guild: KB_GUILD,
    prepare: needsModel('kb demo'),
  },
  'kb map': {
    usage: 'embedbot kb map --guild ID --image FILE [--json]',
    guild: KB_GUILD,
    flags: image('write the map (close together = similar) to FILE as PNG'),
    check(run) {
      if (imageFile(run) === undefined)
        throw new UserError('kb map draws a picture: pass --image FILE to write it as PNG.');
    },
    async verify(run, result) {
      await fs.writeFile(imageFile(run)!, (result as { picture: Picture }).picture.png);
    },
  },
  'kb autoanswer add': {
    usage: 'embedbot kb autoanswer add --guild ID --channel ID [--json]',
    guild: KB_GUILD,
    missing: { channel: 'Give the --channel ID to answer in.' },
  },
  'kb autoanswer remove': {
    usage: 'embedbot kb autoanswer remove --guild ID --channel ID [--json]',
    guild: KB_GUILD,
    missing: { channel: 'Give the --channel ID to stop answering in.' },
  },
  'kb autoanswer list': { usage: 'embedbot kb autoanswer list --guild ID [--json]', guild: KB_GUILD },
  'kb autoanswer threshold': {
    usage: 'embedbot kb autoanswer threshold --guild ID --value X [--json]',
    guild: KB_GUILD,
    missing: { value: 'Give the threshold with --value X, a number from 0 to 1.' },
  },
  'kb autoanswer pace': {
    usage: 'embedbot kb autoanswer pace --guild ID [--cooldown N] [--repeat N] [--retention N] [--json]',
    guild: KB_GUILD,
  },
  'kb gaps show': { usage: 'embedbot kb gaps show --guild ID [--json]', guild: KB_GUILD },
  'kb gaps clear': { usage: 'embedbot kb gaps clear --guild ID [--json]', guild: KB_GUILD },
  // Not a Discord subcommand: the operator re-embeds after a model change.
  'kb reembed': {
    usage: 'embedbot kb reembed --guild ID [--json]',
    guild: KB_GUILD,
    run: (run) => run.services().kb.reembed(run.invocation.guildId!),
    render: (r, json) =>
      json
        ? JSON.stringify(r)
        : `Re-embedded ${(r as { documents: number }).documents} documents with the current model.`,
  },
};

/**
 * Help lines of subcommands the data does not have, or that the command line words its own way
 * (it has no confirmation button and writes pictures to files).
 */
export const extraSummaries: Record<string, string> = {
  'kb clear': 'Remove every document (needs --yes)',
  'kb map': 'Draw the documents as a PNG (close together = similar meaning)',
  'kb reembed': 'Re-embed every document with the current model',
  'kb autoanswer add': 'Answer questions in a text or forum channel',
};
