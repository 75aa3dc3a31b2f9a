import {
  type APIEmbed,
  type APIInteraction,
  type Client,
  escapeMarkdown,
  PermissionFlagsBits,
} from 'discord.js';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { UserError } from '../../src/errors.ts';
import { verdict } from '../../src/verdict.ts';
import {
  buttonClick,
  chatInput,
  FakeDiscord,
  inject,
  messageBodies,
  type Recorded,
  USER_ID,
} from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import {
  delayed,
  embedLength,
  exchange,
  LONE_SURROGATE,
  paths,
  requestsOf,
  route,
  strings,
  testCommand,
  wire,
} from './support.ts';

type Body = { type: number; data: Record<string, unknown> & { embeds?: APIEmbed[] } };
const bodyOf = (r: Recorded): Body => r.body as Body;
const embedOf = (r: Recorded): APIEmbed => {
  const embeds = r.path.endsWith('/callback') ? bodyOf(r).data.embeds : (r.body?.embeds as APIEmbed[]);
  expect(embeds).toHaveLength(1);
  return embeds![0]!;
};

const OTHER_USER = '777777777777777777';
const s = (name: string, value: unknown) => ({ name, type: 3, value });
const b = (name: string, value: boolean) => ({ name, type: 5, value });

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** UTF-16 offsets at which a cut leaves whole characters on both sides. */
const boundaries = (text: string): Set<number> =>
  new Set([...graphemes.segment(text)].map((g) => g.index).concat(text.length));

/**
 * Checks that `shown` is `original` (markdown-escaped) cut on a character boundary with "…",
 * within `max` UTF-16 units.
 */
function expectClipped(shown: string, original: string, max: number): void {
  const escaped = escapeMarkdown(original);
  expect(escaped.length).toBeGreaterThan(max);
  expect(shown.length).toBeLessThanOrEqual(max);
  expect(shown.endsWith('…')).toBe(true);
  const kept = shown.slice(0, -1);
  expect(escaped.startsWith(kept)).toBe(true);
  expect(boundaries(escaped).has(kept.length)).toBe(true);
  expect(kept.length).toBeGreaterThan(max - 20);
  expect(shown).not.toMatch(LONE_SURROGATE);
}

describeWithModel('every command end to end through discord.js, on the real model', () => {
  const services = realServices();
  let fake: FakeDiscord;
  let client: Client;
  const clients: Client[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    // A long defer threshold so a busy machine never turns a reply into defer + edit here;
    // deferral has its own tests (dispatcher.e2e, slow-model.e2e).
    ({ client } = wire(fake, { commands, services, deferAfterMs: 10_000 }));
    clients.push(client);
  });
  beforeEach(() => {
    fake.overrides = [];
  });
  afterAll(async () => {
    for (const c of clients) await c.destroy();
    await fake.close();
    await services.embedder.close();
    await services.store.close();
  });

  it('/embed full:true answers with one embed and embedding.json in a multipart body', async () => {
    const raw = chatInput('embed', [s('text', 'The cat sits on the mat'), b('full', true)]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(route(reply!)).toBe(paths(raw).callback);
    expect(reply!.files).toEqual(['embedding.json', 'embed.png']);
    expect(reply!.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            title: '384 numbers for your text',
            color: 0x5865f2,
            description: '“The cat sits on the mat”',
            fields: [
              { name: 'Dimensions', value: '384', inline: true },
              { name: 'Tokens', value: '8', inline: true },
              { name: 'Length (norm)', value: '1.0000', inline: true },
              {
                name: 'First 10 values',
                value: expect.stringMatching(/^```\n( \d|-\d)\.\d{4}/),
              },
            ],
            footer: { text: 'Xenova/all-MiniLM-L6-v2 (fp32) · all values in the attached file' },
            image: { url: 'attachment://embed.png' },
          },
        ],
        attachments: [
          { id: '0' },
          { id: '1', description: expect.stringContaining('“The cat sits on the mat” as a strip') },
        ],
        allowed_mentions: { parse: [] },
      },
    });
    // Ten values in rows of four, each with four decimals.
    const preview = embedOf(reply!).fields![3]!.value;
    const values = preview.replace(/```/g, '').trim().split(/\s+/);
    expect(values).toHaveLength(10);
    for (const v of values) expect(v).toMatch(/^-?\d\.\d{4}$/);
    expect(preview.split('\n')).toHaveLength(5);
  });

  it('/embed without full sends the picture only, no JSON file', async () => {
    const raw = chatInput('embed', [s('text', 'hello world'), { name: 'values', type: 4, value: 3 }]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(reply!.files).toEqual(['embed.png']);
    const embed = embedOf(reply!);
    expect(embed.footer).toEqual({ text: 'Xenova/all-MiniLM-L6-v2 (fp32)' });
    expect(embed.fields![3]!.name).toBe('First 3 values');
    expect(embed.image).toEqual({ url: 'attachment://embed.png' });
    expect(bodyOf(reply!).data.attachments).toEqual([{ id: '0', description: expect.any(String) }]);
  });

  it('/similar answers with the scores, consistent with each other', async () => {
    const raw = chatInput('similar', [
      s('a', 'The cat sits on the mat'),
      s('b', 'A feline rests on the carpet'),
    ]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(route(reply!)).toBe(paths(raw).callback);
    expect(reply!.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            title: 'How close in meaning?',
            color: expect.any(Number),
            description: '**A** “The cat sits on the mat”\n**B** “A feline rests on the carpet”',
            fields: [
              { name: 'Cosine similarity', value: expect.any(String) },
              { name: 'Euclidean distance', value: expect.stringMatching(/^\d\.\d{4}$/), inline: true },
              { name: 'Dot product', value: expect.stringMatching(/^-?\d\.\d{4}$/), inline: true },
            ],
            footer: { text: 'all-MiniLM-L6-v2 · cosine 1 = same direction, 0 = unrelated' },
            image: { url: 'attachment://similar.png' },
          },
        ],
        attachments: [{ id: '0', description: expect.stringMatching(/^Bar filled to cosine 0\.\d{4} \(/) }],
        allowed_mentions: { parse: [] },
      },
    });
    expect(reply!.files).toEqual(['similar.png']);
    const [cosField, eucField, dotField] = embedOf(reply!).fields!;
    const m = /^([▰▱]{10}) \*\*(-?\d\.\d{4})\*\*\n(.+)$/.exec(cosField!.value);
    expect(m).not.toBeNull();
    const cos = Number(m![2]);
    expect(cos).toBeGreaterThan(0.5); // paraphrases
    expect(m![1]).toBe('▰'.repeat(Math.round(cos * 10)) + '▱'.repeat(10 - Math.round(cos * 10)));
    expect(m![3]).toBe(verdict(cos));
    // Unit vectors: dot = cosine and |a − b|² = 2 − 2·cos.
    expect(Number(dotField!.value)).toBeCloseTo(cos, 3);
    expect(Number(eucField!.value)).toBeCloseTo(Math.sqrt(2 - 2 * cos), 3);
    expect(embedOf(reply!).color).toBe(0x57f287);
  });

  it('/analogy king − man + woman over "queen,prince,princess" ranks queen first', async () => {
    const raw = chatInput('analogy', [
      s('a', 'king'),
      s('b', 'man'),
      s('c', 'woman'),
      s('candidates', 'queen,prince,princess'),
    ]);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(route(reply!)).toBe(paths(raw).callback);
    const line = (word: string) =>
      expect.stringMatching(new RegExp(`^\`\\s\\d\\.\` [▰▱]{10} \\*\\*${word}\\*\\* -?\\d\\.\\d{4}$`));
    expect(reply!.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            title: 'king − man + woman ≈ queen',
            color: 0x5865f2,
            description: expect.any(String),
            footer: {
              text: 'Ranked by cosine to normalise(a − b + c) from your 3 candidates · inputs left out (include_inputs shows them)',
            },
            image: { url: 'attachment://analogy.png' },
          },
        ],
        attachments: [{ id: '0', description: expect.stringContaining('king, man, woman') }],
        allowed_mentions: { parse: [] },
      },
    });
    const lines = embedOf(reply!).description!.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual(line('queen'));
    const rest = lines.slice(1).map((l) => /\*\*(\w+)\*\*/.exec(l)?.[1]);
    expect(rest.sort()).toEqual(['prince', 'princess']);
    for (const l of lines.slice(1)) expect(l).toEqual(line('prince(ss)?'));
    // Ranked best first.
    const scores = lines.map((l) => Number(/ (-?\d\.\d{4})$/.exec(l)![1]));
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(embedOf(reply!).title).toContain('queen');
  });

  it('/explain shows page 1 with two buttons; only its user can turn the page', async () => {
    const raw = chatInput('explain', []);
    const [reply] = await exchange(fake, client, raw, 1);
    expect(route(reply!)).toBe(paths(raw).callback);
    const button = (label: string, page: number, disabled: boolean) => ({
      type: 2,
      style: 2,
      label,
      custom_id: `explain:${USER_ID}:${page}`,
      disabled,
    });
    expect(reply!.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            title: 'What is an embedding?',
            color: 0x5865f2,
            description: expect.stringContaining(
              'all-MiniLM-L6-v2, which turns any sentence into 384 numbers.',
            ),
            footer: { text: 'Page 1 of 6 · /explain topic: jumps to a page' },
          },
        ],
        components: [{ type: 1, components: [button('◀ Previous', -1, true), button('Next ▶', 1, false)] }],
        allowed_mentions: { parse: [] },
      },
    });

    // The invoking user clicks the Next button Discord showed them.
    const rows = bodyOf(reply!).data.components as { components: { custom_id: string }[] }[];
    const next = rows[0]!.components[1]!.custom_id;
    const click = buttonClick(next);
    const [update] = await exchange(fake, client, click, 1);
    expect(route(update!)).toBe(paths(click).callback);
    expect(update!.body).toEqual({
      type: 7,
      data: {
        tts: false,
        enforce_nonce: false,
        embeds: [
          {
            title: 'Where do the numbers come from?',
            color: 0x5865f2,
            description: expect.stringContaining('mean pooling'),
            footer: { text: 'Page 2 of 6 · /explain topic: jumps to a page' },
          },
        ],
        components: [{ type: 1, components: [button('◀ Previous', 0, false), button('Next ▶', 2, false)] }],
        allowed_mentions: { parse: [] },
      },
    });

    // Someone else clicks the same button: refused, privately, and the message is not touched.
    const stranger = buttonClick(next, { userId: OTHER_USER });
    const [refusal] = await exchange(fake, client, stranger, 1);
    expect(route(refusal!)).toBe(paths(stranger).callback);
    expect(refusal!.body).toEqual({
      type: 4,
      data: {
        content: 'Only the person who ran /explain can turn its pages. Run /explain to get your own.',
        tts: false,
        enforce_nonce: false,
        allowed_mentions: { parse: [] },
        flags: 64,
      },
    });
  });

  it('/explain topic jumps to that page', async () => {
    const raw = chatInput('explain', [s('topic', 'cosine')]);
    const [reply] = await exchange(fake, client, raw, 1);
    const embed = embedOf(reply!);
    expect(embed.title).toBe('Cosine similarity, worked through');
    expect(embed.footer?.text).toMatch(/^Page 3 of 6/);
    expect(embed.description).toContain('= **0.73**');
  });

  it('user text full of mentions never pings: every message body, errors and follow-ups too', async () => {
    const M = '@everyone <@&1> <@2>';
    const later = testCommand(
      { name: 'later' },
      {
        usesModel: true,
        run: async (input) => {
          await new Promise((r) => setTimeout(r, 60));
          throw new UserError(`Nothing found for ${String(input.q)}`);
        },
      },
    );
    const boom = testCommand({ name: 'boom' }, { run: async () => Promise.reject(new Error(M)) });
    const all = { ...commands, later, boom };
    // One dispatcher that answers directly, one that defers everything model-backed (edits, follow-ups).
    const direct = wire(fake, { commands: all, services, deferAfterMs: 2500 });
    // Its model answers 30 ms late, so even cached texts outlast the 0 ms threshold.
    const deferred = wire(fake, {
      commands: all,
      services: { ...services, embedder: delayed(services.embedder, 30) },
      deferAfterMs: 0,
    });
    clients.push(direct.client, deferred.client);

    const cases: { raw: () => APIInteraction; direct: number; deferred: number }[] = [
      { raw: () => chatInput('embed', [s('text', M)]), direct: 1, deferred: 2 },
      { raw: () => chatInput('embed', [s('text', M), b('full', true)]), direct: 1, deferred: 2 },
      { raw: () => chatInput('similar', [s('a', M), s('b', `${M} again`)]), direct: 1, deferred: 2 },
      {
        raw: () =>
          chatInput('analogy', [s('a', M), s('b', 'man'), s('c', 'woman'), s('candidates', `${M},queen`)]),
        direct: 1,
        deferred: 2,
      },
      {
        raw: () =>
          chatInput('analogy', [
            s('a', 'king'),
            s('b', 'man'),
            s('c', 'woman'),
            s('candidates', M),
            b('include_inputs', true),
          ]),
        direct: 1,
        deferred: 2,
      },
      { raw: () => chatInput('explain', [s('topic', M)]), direct: 1, deferred: 1 },
      { raw: () => chatInput('later', [s('q', M)]), direct: 1, deferred: 3 },
      { raw: () => chatInput('boom', [s('q', M)]), direct: 1, deferred: 1 },
      { raw: () => buttonClick(`explain:${USER_ID}:2`), direct: 1, deferred: 1 },
    ];
    const seen: Recorded[] = [];
    for (const c of cases) {
      seen.push(...(await exchange(fake, direct.client, c.raw(), c.direct, { quietMs: 60 })));
      seen.push(...(await exchange(fake, deferred.client, c.raw(), c.deferred, { quietMs: 60 })));
    }
    const bodies = messageBodies(seen);
    // Everything except the deferral callbacks and the DELETE of a deferred reply carries a message.
    const silent = seen.filter((r) => r.method === 'DELETE' || (r.body as Body | undefined)?.type === 5);
    expect(bodies).toHaveLength(seen.length - silent.length);
    expect(bodies.length).toBe(2 * cases.length);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
    // The raw mention text really is in the messages (so the policy is what keeps it silent).
    const withMention = bodies.filter((body) => strings(body).some((x) => x.includes('@everyone <@&1>')));
    expect(withMention).toHaveLength(14);
    // Follow-ups and edits were among them.
    expect(seen.map(route).filter((r) => r.startsWith('PATCH '))).toHaveLength(5);
    expect(seen.filter((r) => route(r).match(/^POST \/webhooks\/\d+\/[^/]+$/))).toHaveLength(1);
    expect(seen.filter((r) => r.files.includes('embedding.json'))).toHaveLength(2);
  });

  it('the knowledge-base commands never ping either', async () => {
    const M = '@everyone <@&1> <@2>';
    const manager = { permissions: PermissionFlagsBits.ManageGuild };
    const interactions = [
      chatInput(
        'kb',
        [{ name: 'add', type: 1, options: [s('title', M), s('text', `${M} cats are small felines`)] }],
        manager,
      ),
      chatInput('search', [s('query', M)]),
      chatInput('search', [s('query', 'small felines')]),
      chatInput('kb', [{ name: 'list', type: 1 }]),
      chatInput('kb', [{ name: 'remove', type: 1, options: [s('id', M)] }], manager),
    ];
    const seen: Recorded[] = [];
    for (const raw of interactions) {
      inject(client, raw);
      // However each is answered (reply, or defer + edit), wait for its message and then some.
      await expect
        .poll(() => messageBodies(requestsOf(fake, raw)).length, { timeout: 10_000 })
        .toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 150));
      seen.push(...requestsOf(fake, raw));
    }
    const bodies = messageBodies(seen);
    expect(bodies.length).toBeGreaterThanOrEqual(interactions.length);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(
      bodies.filter((body) => strings(body).some((x) => x.includes('@everyone <@&1>'))).length,
    ).toBeGreaterThan(0);
  });

  it('long text: embeds stay within Discord limits and cuts never split a character', async () => {
    const prose = 'Some *stars*, some _underscores_ and `code` in a long sentence. ';
    const a = prose
      .repeat(Math.ceil(2000 / prose.length))
      .slice(0, 2000)
      .trimEnd();
    const emoji = ['😀', '👩‍💻', '🇫🇷', '👍🏽', '❤️', '👨‍👩‍👧‍👦', '🎉'];
    let e = '';
    for (let i = 0; e.length + 11 <= 2000; i++) e += emoji[i % emoji.length];
    expect(e.length).toBeGreaterThan(1985);
    expect(a.length).toBeGreaterThan(1990);

    const checkEmbed = (embed: APIEmbed) => {
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
      for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
      for (const text of strings(embed)) expect(text).not.toMatch(LONE_SURROGATE);
    };

    const sim = chatInput('similar', [s('a', a), s('b', e)]);
    const [simReply] = await exchange(fake, client, sim, 1);
    expect(bodyOf(simReply!).type).toBe(4);
    const simEmbed = embedOf(simReply!);
    checkEmbed(simEmbed);
    const quoted = /^\*\*A\*\* “([\s\S]*)”\n\*\*B\*\* “([\s\S]*)”$/.exec(simEmbed.description!);
    expect(quoted).not.toBeNull();
    expectClipped(quoted![1]!, a, 1500);
    expectClipped(quoted![2]!, e, 1500);
    expect(simEmbed.footer?.text).toContain('a long text was cut to its first 256 tokens');

    const emb = chatInput('embed', [s('text', e), b('full', true)]);
    const [embReply] = await exchange(fake, client, emb, 1);
    const embEmbed = embedOf(embReply!);
    checkEmbed(embEmbed);
    expectClipped(/^“([\s\S]*)”$/.exec(embEmbed.description!)![1]!, e, 1000);

    // Three 100-unit emoji words make a title over 256 units: it is cut, between characters.
    const word = (k: number) => {
      let w = '';
      for (let i = k; w.length + 11 <= 100; i++) w += emoji[i % emoji.length];
      return w;
    };
    const ana = chatInput('analogy', [
      s('a', word(0)),
      s('b', word(1)),
      s('c', word(2)),
      s('candidates', `${word(3)},queen`),
    ]);
    const [anaReply] = await exchange(fake, client, ana, 1);
    const anaEmbed = embedOf(anaReply!);
    checkEmbed(anaEmbed);
    expect(anaEmbed.title!.endsWith('…')).toBe(true);
    const expression = `${word(0)} − ${word(1)} + ${word(2)} ≈ `;
    expect(expression.length).toBeGreaterThan(256);
    const kept = anaEmbed.title!.slice(0, -1);
    expect(expression.startsWith(kept)).toBe(true);
    expect(boundaries(expression).has(kept.length)).toBe(true);
  });
});
