import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationCommandOptionType as T } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kb } from '../../commands/kb.ts';
import { autoAnswerData } from '../../src/autoanswer/data.ts';
import { runSlash } from '../../src/cli/slash.ts';
import type { AnyCommand } from '../../src/command.ts';
import { parseConfig } from '../../src/config.ts';
import { inputFrom } from '../../src/discord/options.ts';
import { openStore } from '../../src/kb/store.ts';
import { createLogger } from '../../src/log.ts';
import type { RunningServices } from '../../src/services.ts';
import { cli } from '../helpers/cli.ts';
import { describeWithModel } from '../helpers/model.ts';

const GUILD = '222222222222222222';
const OTHER = '999999999999999999';
const CHANNEL = '444444444444444444';

const saved = { ...process.env };
let store: string;
beforeEach(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embedbot-groups-'));
  store = `sqlite://${path.join(dir, 'kb.sqlite')}`;
  process.env.KB_STORE = store;
});
afterEach(() => {
  process.env = { ...saved };
});

/** Opens the CLI's store, runs `use` on its auto-answer data, closes it. */
async function withData<R>(use: (data: ReturnType<typeof autoAnswerData>) => Promise<R>): Promise<R> {
  const kv = await openStore(store);
  try {
    return await use(autoAnswerData(kv));
  } finally {
    await kv.close();
  }
}

const gap = (id: string, text: string) => ({
  id,
  text,
  at: new Date().toISOString(),
  why: 'unanswered' as const,
});

describe('subcommand groups on the command line, without the model', () => {
  it('kb --help lists every subcommand of the groups, each with its usage and the data’s description', async () => {
    const { code, out } = await cli('kb', '--help');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^Usage: embedbot kb <[^>]*\|autoanswer\|gaps\|[^>]*> --guild ID/);
    expect(out).toMatch(
      /^ {2}kb autoanswer add --guild ID --channel ID \[--json\] +Answer questions in a text or forum channel$/m,
    );
    expect(out).toMatch(
      /^ {2}kb autoanswer remove --guild ID --channel ID \[--json\] +Stop answering in a channel$/m,
    );
    expect(out).toMatch(
      /^ {2}kb autoanswer list --guild ID \[--json\] +Channels, threshold, cooldown and retention$/m,
    );
    expect(out).toMatch(/^ {2}kb autoanswer threshold --guild ID --value X \[--json\] +How sure the bot/m);
    expect(out).toMatch(
      /^ {2}kb autoanswer pace --guild ID \[--cooldown N\] \[--repeat N\] \[--retention N\]/m,
    );
    expect(out).toMatch(
      /^ {2}kb gaps show --guild ID \[--json\] +The most asked unanswered questions, grouped by meaning$/m,
    );
    expect(out).toMatch(/^ {2}kb gaps clear --guild ID \[--json\] +Forget the unanswered questions$/m);
    expect(out.match(/^ {2}kb autoanswer /gm)).toHaveLength(5);
    expect(out.match(/^ {2}kb gaps /gm)).toHaveLength(2);
  });

  it('kb gaps --help and kb autoanswer --help show the group, and each subcommand has its own --help', async () => {
    const gaps = await cli('kb', 'gaps', '--help');
    expect(gaps.code).toBe(0);
    expect(gaps.out.split('\n')[0]).toBe('Usage: embedbot kb gaps <show|clear> --guild ID [options]');
    expect(gaps.out).toContain('Questions the knowledge base could not answer');
    expect(gaps.out).toMatch(/^ {2}kb gaps show --guild ID/m);
    const auto = await cli('kb', 'autoanswer', '--help');
    expect(auto.code).toBe(0);
    expect(auto.out.split('\n')[0]).toBe(
      'Usage: embedbot kb autoanswer <add|remove|list|threshold|pace> --guild ID [options]',
    );
    expect(auto.out).not.toMatch(/^ {2}kb gaps/m);
    const threshold = await cli('kb', 'autoanswer', 'threshold', '--help');
    expect(threshold.code).toBe(0);
    expect(threshold.out).toContain('Usage: embedbot kb autoanswer threshold --guild ID --value X');
    expect(threshold.out).toContain('How sure the bot must be to answer unprompted (0–1)');
    expect(threshold.out).toMatch(/--value X +Score the best passage must reach \(0 to 1\)/);
    const pace = await cli('kb', 'autoanswer', 'pace', '--help');
    expect(pace.out).toMatch(/--retention N +Days unanswered questions are kept \(1 to 365\)/);
  });

  it('kb autoanswer add, list and remove round trip on a SQLite store, one server only', async () => {
    const added = await cli('kb', 'autoanswer', 'add', '--guild', GUILD, '--channel', CHANNEL);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out.split('\n')[0]).toBe(`auto-answer is on in ${CHANNEL}`);
    expect(added.out).toContain(`channels: ${CHANNEL}\n`);
    const again = await cli('kb', 'autoanswer', 'add', '--guild', GUILD, '--channel', CHANNEL);
    expect(again.out.split('\n')[0]).toBe(`auto-answer was already on in ${CHANNEL}`);

    const listed = await cli('kb', 'autoanswer', 'list', '--guild', GUILD, '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({
      kind: 'autoanswer',
      action: 'list',
      channels: [CHANNEL],
      settings: { threshold: 0.5 },
    });
    const other = await cli('kb', 'autoanswer', 'list', '--guild', OTHER);
    expect(other.out).toContain('channels: none (auto-answer is off)');
    expect(await withData((d) => d.config.channels(GUILD))).toEqual([CHANNEL]);

    const threshold = await cli('kb', 'autoanswer', 'threshold', '--guild', GUILD, '--value', '0.7');
    expect(threshold.out.split('\n')[0]).toBe('saved: answers need a score of at least 0.7');
    const pace = await cli(
      'kb',
      'autoanswer',
      'pace',
      '--guild',
      GUILD,
      '--cooldown',
      '5',
      '--retention',
      '7',
    );
    expect(pace.code).toBe(0);
    expect(await withData((d) => d.config.settings(GUILD))).toMatchObject({
      threshold: 0.7,
      cooldownSeconds: 5,
      retentionDays: 7,
    });

    const removed = await cli('kb', 'autoanswer', 'remove', '--guild', GUILD, '--channel', CHANNEL);
    expect(removed.out.split('\n')[0]).toBe(`auto-answer is off in ${CHANNEL}`);
    expect(removed.out).toContain('channels: none (auto-answer is off)');
    expect(await withData((d) => d.config.channels(GUILD))).toEqual([]);
  });

  it('a channel is given by id, and the data’s limits hold, in the CLI’s words', async () => {
    const named = await cli('kb', 'autoanswer', 'add', '--guild', GUILD, '--channel', 'general');
    expect(named).toMatchObject({ code: 1, out: '' });
    expect(named.err).toBe('embedbot kb: --channel must be an id (a long number).\n');
    const missing = await cli('kb', 'autoanswer', 'add', '--guild', GUILD);
    expect(missing.err).toBe('embedbot kb: Give the --channel ID to answer in.\n');
    const high = await cli('kb', 'autoanswer', 'threshold', '--guild', GUILD, '--value', '2');
    expect(high.err).toBe('embedbot kb: --value must be a number from 0 to 1.\n');
    const noGuild = await cli('kb', 'gaps', 'show');
    expect(noGuild.err).toBe(
      'embedbot kb: --guild ID is required (the server whose knowledge base to use).\n',
    );
    expect(await withData((d) => d.config.channels(GUILD))).toEqual([]);
  });

  it('kb gaps show on a server without unanswered questions says so', async () => {
    const shown = await cli('kb', 'gaps', 'show', '--guild', GUILD);
    expect(shown).toEqual({ code: 0, out: 'no unanswered questions in the last 30 days\n', err: '' });
    const json = await cli('kb', 'gaps', 'show', '--guild', GUILD, '--json');
    expect(JSON.parse(json.out)).toEqual({ kind: 'gaps', total: 0, retentionDays: 30, groups: [] });
  });

  it('kb gaps clear forgets that server’s questions and no other’s', async () => {
    await withData(async (d) => {
      await d.gaps.record(GUILD, gap('1', 'How do I reset my password?'));
      await d.gaps.record(GUILD, gap('2', 'Where is dark mode?'));
      await d.gaps.record(OTHER, gap('3', 'Can I get a refund?'));
    });
    const cleared = await cli('kb', 'gaps', 'clear', '--guild', GUILD);
    expect(cleared).toEqual({ code: 0, out: 'forgot 2 unanswered questions\n', err: '' });
    expect(await withData((d) => d.gaps.list(GUILD, 30))).toEqual([]);
    expect((await withData((d) => d.gaps.list(OTHER, 30))).map((g) => g.text)).toEqual([
      'Can I get a refund?',
    ]);
    const again = await cli('kb', 'gaps', 'clear', '--guild', GUILD, '--json');
    expect(JSON.parse(again.out)).toEqual({ kind: 'gaps-cleared', count: 0 });
  });

  it('an unknown subcommand of a group, or a group without one, is a usage error with exit 1', async () => {
    const unknown = await cli('kb', 'gaps', 'purge', '--guild', GUILD);
    expect(unknown).toEqual({
      code: 1,
      out: '',
      err: 'embedbot kb: Unknown kb gaps action "purge". Run embedbot kb gaps --help.\n',
    });
    const bare = await cli('kb', 'autoanswer', '--guild', GUILD);
    expect(bare.code).toBe(1);
    expect(bare.err).toBe(
      'embedbot kb: usage: embedbot kb autoanswer <add|remove|list|threshold|pace> --guild ID [options]\n',
    );
  });
});

describe('the input a group subcommand runs with', () => {
  it('is exactly what the Discord transport builds for the same invocation', async () => {
    const seen: unknown[] = [];
    const recording = {
      ...kb,
      async run(input: unknown) {
        seen.push(input);
        return { kind: 'gaps-cleared', count: 0 };
      },
    } as unknown as AnyCommand;
    const env = {
      config: parseConfig({}),
      logger: createLogger('silent'),
      services: () => ({}) as RunningServices,
      print: () => {},
      warn: () => {},
    };
    // Discord's options for /kb <group> <sub> [options…], as the interaction carries them.
    const discord = (group: string, sub: string, options: { name: string; type: T; value: unknown }[]) =>
      inputFrom([
        {
          name: group,
          type: T.SubcommandGroup,
          options: [{ name: sub, type: T.Subcommand, ...(options.length ? { options } : {}) }],
        },
      ] as never);
    const cases: [string[], Record<string, unknown>][] = [
      [
        ['autoanswer', 'add', '--channel', CHANNEL],
        discord('autoanswer', 'add', [{ name: 'channel', type: T.Channel, value: CHANNEL }]),
      ],
      [['autoanswer', 'list'], discord('autoanswer', 'list', [])],
      [
        ['autoanswer', 'threshold', '--value', '0.65'],
        discord('autoanswer', 'threshold', [{ name: 'value', type: T.Number, value: 0.65 }]),
      ],
      [
        ['autoanswer', 'pace', '--cooldown', '5', '--retention', '7'],
        discord('autoanswer', 'pace', [
          { name: 'cooldown', type: T.Integer, value: 5 },
          { name: 'retention', type: T.Integer, value: 7 },
        ]),
      ],
      [['gaps', 'show'], discord('gaps', 'show', [])],
      [['gaps', 'clear'], discord('gaps', 'clear', [])],
    ];
    for (const [argv] of cases) await runSlash('kb', recording, [...argv, '--guild', GUILD], env);
    expect(seen).toEqual(cases.map(([, input]) => input));
    expect(cases[0]![1]).toEqual({ subcommand: 'autoanswer add', channel: CHANNEL });
  });
});

describeWithModel('kb gaps show on the real model', () => {
  it('prints the questions grouped by meaning, largest group first, and no button', async () => {
    await withData(async (d) => {
      await d.gaps.record(GUILD, gap('1', 'How do I reset my password?'));
      await d.gaps.record(GUILD, gap('2', 'I forgot my password, how can I change it?'));
      await d.gaps.record(GUILD, gap('3', 'What is the weather like on Mars?'));
    });
    const shown = await cli('kb', 'gaps', 'show', '--guild', GUILD);
    expect(shown.code, shown.err).toBe(0);
    const lines = shown.out.trim().split('\n');
    expect(lines[0]).toBe('3 unanswered questions in the last 30 days, grouped by meaning, largest first');
    expect(lines[1]).toMatch(/^2: .*password.* \| .*password/);
    expect(lines[2]).toBe('1: What is the weather like on Mars?');
    expect(shown.out).not.toContain('Add an answer');
    const json = JSON.parse((await cli('kb', 'gaps', 'show', '--guild', GUILD, '--json')).out);
    expect(json).toMatchObject({ kind: 'gaps', total: 3, groups: [{ count: 2 }, { count: 1 }] });
    expect(JSON.stringify(json)).not.toContain('components');
  }, 120_000);
});
