import type { AnyThreadChannel, Client } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { kbSurface } from '../../commands/kb/discord.ts';
import { autoAnswerData } from '../../src/autoanswer/data.ts';
import { type AutoAnswer, installAutoAnswer } from '../../src/autoanswer/handler.ts';
import { INTENT_REFUSED_KEY } from '../../src/autoanswer/keys.ts';
import { encodeCustomId } from '../../src/discord/custom-id.ts';
import {
  ASKER,
  DENIED_CHANNEL,
  FORUM_CHANNEL,
  joinGuild,
  LOCKED_CHANNEL,
  messageCreate,
  QUIET_CHANNEL,
  rawForumPost,
  rawMessage,
  TEXT_CHANNEL,
  threadCreate,
} from '../autoanswer/gateway.ts';
import {
  APP_ID,
  asMember,
  buttonClick,
  chatInput,
  FakeDiscord,
  GUILD_ID,
  type Recorded,
  USER_ID,
} from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import { SUPPORT_FAQ } from '../helpers/support-faq.ts';
import { ephemeral, kbCommand, MANAGE, MEMBER, type Option, reply, sub } from './payloads.ts';
import { captureLogs, exchange, route, wire } from './support.ts';

const FAQ = SUPPORT_FAQ;

const channelOpt = (id: string): Option => ({ name: 'channel', type: 7, value: id });
/** /kb <group> <name>: a subcommand group as Discord sends it. */
const grouped = (group: string, name: string, options: Option[] = [], permissions = MANAGE) =>
  chatInput('kb', [{ name: group, type: 2, options: [sub(name, options)] }], { permissions });
const aa = (name: string, options: Option[] = [], permissions = MANAGE) =>
  grouped('autoanswer', name, options, permissions);
const gaps = (name: string) => grouped('gaps', name);

/** The exact body discord.js sends for an auto-answer to `questionId`. */
const answerBody = (questionId: string, doc: { id: string; title: string; text: string }, also: string) => ({
  tts: false,
  enforce_nonce: false,
  embeds: [
    {
      title: `From the knowledge base: ${doc.title}`,
      color: 0x5865f2,
      description: `> ${doc.text}${also}`,
      footer: { text: `Automatic answer from this server's knowledge base · ${doc.id}` },
    },
  ],
  components: [
    {
      type: 1,
      components: [
        { type: 2, style: 3, label: 'Solved it', custom_id: `aavote:any:solved:${questionId}:${doc.id}` },
        { type: 2, style: 2, label: 'Not it', custom_id: `aavote:any:notit:${questionId}:${doc.id}` },
      ],
    },
  ],
  message_reference: { message_id: questionId, fail_if_not_exists: false },
  allowed_mentions: { parse: [], replied_user: false },
});

describeWithModel('auto-answers through discord.js gateway events, on the real model', () => {
  const services = realServices();
  let fake: FakeDiscord;
  let client: Client;
  let autoAnswer: AutoAnswer;
  let logs: ReturnType<typeof captureLogs>;
  // Starts now: /kb gaps show reads the gaps against the real clock.
  let clock = Date.now();
  const ids: Record<string, string> = {};
  const questions: Record<string, string> = {};
  const responses = new Map<Recorded, unknown>();
  const replies: Record<string, string> = {};
  const doc = (title: string) => ({ id: ids[title]!, ...FAQ.find((d) => d.title === title)! });
  const refunds = () => doc('Refunds');
  const gapTexts = async () =>
    (await autoAnswerData(services.store).gaps.list(GUILD_ID, 30, clock)).map((g) => g.text);

  /** Injects a gateway event, waits for the handler, and returns the requests it made. */
  async function gateway(inject: () => unknown): Promise<Recorded[]> {
    const before = fake.requests.length;
    inject();
    await new Promise((r) => setTimeout(r, 20));
    await autoAnswer.idle();
    await new Promise((r) => setTimeout(r, 100));
    return fake.requests.slice(before);
  }
  const say = (content: string, o: Parameters<typeof rawMessage>[1] = {}) => {
    const raw = rawMessage(content, o);
    return { raw, requests: gateway(() => messageCreate(client, raw)) };
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    for (const doc of FAQ) ids[doc.title] = (await services.kb.add(GUILD_ID, { ...doc, addedBy: ASKER })).id;
    logs = captureLogs('debug');
    // As bot.ts wires a client granted Message Content: messages and threads go to the dispatcher,
    // which gives them to /kb's auto-answer (installed here with the test's clock).
    const wired = wire(fake, { commands, services, deferAfterMs: 60_000, logger: logs.logger });
    client = wired.client;
    client.on('messageCreate', wired.dispatcher.handleMessage);
    client.on('threadCreate', wired.dispatcher.handleThread);
    autoAnswer = installAutoAnswer({ services, logger: logs.logger, now: () => clock });
    joinGuild(client);
    // Discord answers a sent message with the message it made.
    fake.overrides.push((req, res) => {
      const m = /^\/channels\/(\d+)\/messages$/.exec(req.path);
      if (req.method !== 'POST' || !m) return false;
      const made = {
        ...rawMessage('', { channelId: m[1], author: { id: APP_ID, username: 'embedbot', bot: true } }),
        ...req.body,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(made));
      responses.set(req, made);
      return true;
    });
  }, 120_000);

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
    await services.embedder.close();
  });

  it('/kb autoanswer add, threshold and list', async () => {
    const add = aa('add', [channelOpt(TEXT_CHANNEL)]);
    const [r] = await exchange(fake, client, add, 1);
    expect(r!.body).toEqual(
      reply({
        content: `Auto-answer is on in <#${TEXT_CHANNEL}>.\nChannels: <#${TEXT_CHANNEL}>\nThreshold **0.50** · cooldown 60 s per channel · the same document at most once per 10 min · unanswered questions kept 30 days (/kb gaps show)`,
      }),
    );
    await exchange(fake, client, aa('add', [channelOpt(FORUM_CHANNEL)]), 1);
    await exchange(fake, client, aa('add', [channelOpt(LOCKED_CHANNEL)]), 1);
    const [t] = await exchange(fake, client, aa('threshold', [{ name: 'value', type: 10, value: 0.5 }]), 1);
    expect((t!.body as { data: { content: string } }).data.content.split('\n')[0]).toBe(
      'Saved. Answers need a score of at least **0.50**.',
    );
    // A member without Manage Server or the writer role may not change it.
    const [refused] = await exchange(fake, client, aa('add', [channelOpt(QUIET_CHANNEL)], MEMBER), 1);
    expect(refused!.body).toEqual(
      ephemeral('Changing the knowledge base needs the Manage Server permission or the writer role.'),
    );
    const [l] = await exchange(fake, client, aa('list'), 1);
    expect(l!.body).toEqual(
      reply({
        content: `Channels: <#${[FORUM_CHANNEL, LOCKED_CHANNEL, TEXT_CHANNEL].sort().join('>, <#')}>\nThreshold **0.50** · cooldown 60 s per channel · the same document at most once per 10 min · unanswered questions kept 30 days (/kb gaps show)`,
      }),
    );
  });

  it('answers a question that clears the threshold, quoting the passage, pinging nobody', async () => {
    const { raw, requests } = say('Can I get my money back after buying a subscription?');
    const sent = await requests;
    expect(sent.map(route)).toEqual([`POST /channels/${TEXT_CHANNEL}/messages`]);
    // The next best document that is not a weak match is offered too.
    expect(sent[0]!.body).toEqual(
      answerBody(
        raw.id,
        refunds(),
        `\n\nSee also: **Resetting your password** (\`${ids['Resetting your password']}\`)`,
      ),
    );
    questions.refund = raw.id;
    replies.refund = (responses.get(sent[0]!) as { id: string }).id;
  });

  it('stays quiet on chatter, and keeps no gap for it', async () => {
    clock += 120_000;
    for (const line of [
      'lol that match last night was wild',
      'good morning everyone, hope you all slept well',
      'ok thanks',
    ]) {
      expect(await say(line).requests).toEqual([]);
    }
    expect(await services.store.get(`kb:${GUILD_ID}:gap:${questions.refund}`)).toBeUndefined();
    expect(await gapTexts()).toEqual([]);
  });

  it('keeps a cooldown per channel, and never gives the same document twice in a row within 10 minutes', async () => {
    clock += 120_000;
    const first = say('I forgot my password, how can I reset it?');
    expect((await first.requests).map(route)).toEqual([`POST /channels/${TEXT_CHANNEL}/messages`]);
    clock += 10_000;
    // Answerable, but inside the 60 s cooldown.
    expect(await say('is there a way to turn on dark theme?').requests).toEqual([]);
    clock += 60_000;
    // Past the cooldown, but the same document as the channel's last answer.
    expect(await say('How can I reset my password? I cannot log in').requests).toEqual([]);
    const other = say('is there a way to turn on dark theme?');
    const sent = await other.requests;
    expect(sent.map(route)).toEqual([`POST /channels/${TEXT_CHANNEL}/messages`]);
    expect(sent[0]!.body).toEqual(answerBody(other.raw.id, doc('Dark mode'), ''));
    // Answerable questions are not knowledge gaps, even when the cooldown kept the bot quiet.
    expect(await gapTexts()).toEqual([]);
  });

  it('ignores bots, webhooks and channels without auto-answer', async () => {
    clock += 600_000;
    const q = 'Can I get my money back after buying a subscription?';
    expect(
      await say(q, { author: { id: '666666666666666666', username: 'otherbot', bot: true } }).requests,
    ).toEqual([]);
    expect(
      await say(q, {
        webhookId: '777777777777777777',
        author: { id: '777777777777777777', username: 'hook' },
      }).requests,
    ).toEqual([]);
    expect(await say(q, { author: { id: APP_ID, username: 'embedbot', bot: true } }).requests).toEqual([]);
    expect(await say(q, { channelId: QUIET_CHANNEL }).requests).toEqual([]);
    // The same question from a person in the channel is answered: only the author made the difference.
    expect((await say(q).requests).map(route)).toEqual([`POST /channels/${TEXT_CHANNEL}/messages`]);
  });

  it('skips a channel where Discord refuses the message (403 50013), and logs it once', async () => {
    fake.overrides.unshift((req, res) => {
      if (req.method !== 'POST' || req.path !== `/channels/${LOCKED_CHANNEL}/messages`) return false;
      res
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Missing Permissions', code: 50013 }));
      return true;
    });
    const q = 'Can I get my money back after buying a subscription?';
    expect((await say(q, { channelId: LOCKED_CHANNEL }).requests).map(route)).toEqual([
      `POST /channels/${LOCKED_CHANNEL}/messages`,
    ]);
    clock += 120_000;
    expect(
      await say('the app will not load for me, is it down?', { channelId: LOCKED_CHANNEL }).requests,
    ).toEqual([]);
    const warnings = logs.entries().filter((e) => e.msg.startsWith('auto-answer cannot send'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, guild: GUILD_ID, channel: LOCKED_CHANNEL });
    expect(logs.entries().filter((e) => e.level >= 50)).toEqual([]);
  });

  it('skips a channel where the bot lacks Send Messages without trying, and logs it once', async () => {
    await exchange(fake, client, aa('add', [channelOpt(DENIED_CHANNEL)]), 1);
    const before = logs.entries().length;
    const q = 'Can I get my money back after buying a subscription?';
    expect(await say(q, { channelId: DENIED_CHANNEL }).requests).toEqual([]);
    clock += 120_000;
    expect(
      await say('is there a way to turn on dark theme?', { channelId: DENIED_CHANNEL }).requests,
    ).toEqual([]);
    const warnings = logs
      .entries()
      .slice(before)
      .filter((e) => e.msg.startsWith('auto-answer cannot send'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 40,
      channel: DENIED_CHANNEL,
      reason: 'missing permission to send messages',
    });
    await exchange(fake, client, aa('remove', [channelOpt(DENIED_CHANNEL)]), 1);
  });

  it('answers a new forum post once, in its thread', async () => {
    const post = rawForumPost('Can I get a copy of my notes?');
    const starter = rawMessage('I want a backup of everything I wrote. How can I download all my notes?', {
      id: post.id,
      channelId: post.id,
    });
    fake.overrides.unshift((req, res) => {
      if (req.method !== 'GET' || req.path !== `/channels/${post.id}/messages/${post.id}`) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(starter));
      return true;
    });
    const sent = await gateway(() => threadCreate(client, post));
    expect(sent.map(route)).toEqual([
      `GET /channels/${post.id}/messages/${post.id}`,
      `POST /channels/${post.id}/messages`,
    ]);
    expect(sent[1]!.body).toEqual(answerBody(post.id, doc('Exporting your notes'), ''));
    // The starter message arriving, a reply in the thread, and the event again: nothing more.
    expect(await gateway(() => messageCreate(client, starter))).toEqual([]);
    expect(await say('How can I download all my notes as a zip?', { channelId: post.id }).requests).toEqual(
      [],
    );
    expect(await gateway(() => threadCreate(client, post))).toEqual([]);
    // Even past discord.js's own cache (a repeated event after the thread left it).
    const thread = client.channels.cache.get(post.id) as AnyThreadChannel;
    expect(
      await gateway(() =>
        Promise.all([autoAnswer.onThread(thread, true), autoAnswer.onThread(thread, true)]),
      ),
    ).toEqual([]);
  });

  it('"Solved it" / "Not it": anyone may press, each person counts once', async () => {
    const press = async (vote: 'solved' | 'notit', userId: string) => {
      const raw = buttonClick(`aavote:any:${vote}:${questions.refund}:${ids.Refunds}`, {
        userId,
      }) as unknown as {
        message: Record<string, unknown>;
      };
      raw.message = {
        ...raw.message,
        id: replies.refund,
        type: 19,
        message_reference: {
          type: 0,
          message_id: questions.refund,
          channel_id: TEXT_CHANNEL,
          guild_id: GUILD_ID,
        },
      };
      const [r] = await exchange(fake, client, raw as never, 1);
      return r!.body;
    };
    const SOLVED = 'Thanks! Counted: this answer solved it.';
    const NOT_IT =
      'Thanks! Counted: this was not the answer. The question goes to the knowledge-gap report (/kb gaps show).';
    expect(await press('solved', '100000000000000001')).toEqual(ephemeral(SOLVED));
    expect(await press('solved', '100000000000000001')).toEqual(
      ephemeral('You already said so: each person counts once.'),
    );
    expect(await press('solved', '100000000000000002')).toEqual(ephemeral(SOLVED));
    expect(await press('notit', '100000000000000003')).toEqual(ephemeral(NOT_IT));
    expect(await press('notit', '100000000000000001')).toEqual(ephemeral(`Changed. ${NOT_IT}`));

    const [list] = await exchange(fake, client, kbCommand('list'), 1);
    const description = (list!.body as { data: { embeds: { description: string }[] } }).data.embeds[0]!
      .description;
    expect(description).toMatch(
      new RegExp(`\`${ids.Refunds}\` · added by <@${ASKER}> <t:\\d+:R> · ✅ 1 solved · ❌ 2 not it`),
    );
    expect(description.match(/solved/g)).toHaveLength(1);
    const [stats] = await exchange(fake, client, kbCommand('stats'), 1);
    expect(
      (stats!.body as { data: { embeds: { fields: unknown[] }[] } }).data.embeds[0]!.fields,
    ).toContainEqual({
      name: 'Auto-answer feedback',
      value: '✅ 1 solved · ❌ 2 not it',
      inline: true,
    });
    // "Not it" made the question a gap, once.
    expect(await gapTexts()).toEqual(['Can I get my money back after buying a subscription?']);
  });

  it('/kb gaps show groups unanswered questions by meaning, largest first, with an "Add an answer" button', async () => {
    for (const q of [
      'Is there a mobile app for Android?',
      'Who won the chess tournament last year?',
      'Can I get the app on my Android phone?',
      'How do I change the language of the app to German?',
      'Does an Android version of the app exist?',
      'Can I switch the app language to German?',
    ]) {
      clock += 1000;
      expect(await say(q).requests).toEqual([]);
    }
    const [r] = await exchange(fake, client, gaps('show'), 1);
    expect(r!.body).toEqual(
      reply({
        embeds: [
          {
            title: 'Knowledge gaps: what to write next',
            color: 0xfee75c,
            description: '7 unanswered questions in the last 30 days, grouped by meaning, largest first.',
            fields: [
              {
                name: '3 questions',
                value: '• Is there a mobile app for Android?\n• Can I get the app on my Android phone?',
              },
              {
                name: '2 questions',
                value:
                  '• How do I change the language of the app to German?\n• Can I switch the app language to German?',
              },
              { name: '1 question', value: '• Can I get my money back after buying a subscription?' },
              { name: '1 question', value: '• Who won the chess tournament last year?' },
            ],
          },
        ],
        components: [
          {
            type: 1,
            components: [{ type: 2, style: 1, label: 'Add an answer', custom_id: `kbgapadd:${USER_ID}` }],
          },
        ],
      }),
    );
    // The button opens the /kb add form for its owner when they may write, and refuses otherwise.
    const [form] = await exchange(
      fake,
      client,
      asMember(buttonClick(`kbgapadd:${USER_ID}`), { permissions: MANAGE }),
      1,
    );
    expect(form!.body).toEqual({ type: 9, data: kbSurface.form!.build(encodeCustomId('kbadd', USER_ID)) });
    const [no] = await exchange(fake, client, buttonClick(`kbgapadd:${USER_ID}`), 1);
    expect(no!.body).toEqual(
      ephemeral('Changing the knowledge base needs the Manage Server permission or the writer role.'),
    );
    const [other] = await exchange(
      fake,
      client,
      asMember(buttonClick(`kbgapadd:${USER_ID}`, { userId: '100000000000000009' }), { permissions: MANAGE }),
      1,
    );
    expect(other!.body).toEqual(
      ephemeral('These buttons belong to the person who ran the command. Run it yourself to get your own.'),
    );
  });

  it('/kb gaps clear forgets them; so does kb clear, with the votes; channels stay', async () => {
    const [cleared] = await exchange(fake, client, gaps('clear'), 1);
    expect(cleared!.body).toEqual(reply({ content: 'Forgot 7 unanswered questions.' }));
    const [none] = await exchange(fake, client, gaps('show'), 1);
    expect(none!.body).toEqual(reply({ content: 'No unanswered questions in the last 30 days.' }));

    clock += 1000;
    await say('Is there a mobile app for Android?').requests;
    expect(await gapTexts()).toEqual(['Is there a mobile app for Android?']);
    // /kb clear, confirmed with its button.
    const [confirm] = await exchange(
      fake,
      client,
      asMember(buttonClick(`kbclear:${USER_ID}:yes`), { permissions: MANAGE }),
      1,
    );
    expect(confirm!.body).toEqual(reply({ content: 'Removed 5 documents.', components: [] }, 7));
    expect(await gapTexts()).toEqual([]);
    const [stats] = await exchange(fake, client, kbCommand('stats'), 1);
    const fields = (stats!.body as { data: { embeds: { fields: { name: string }[] }[] } }).data.embeds[0]!
      .fields;
    expect(fields.map((f) => f.name)).not.toContain('Auto-answer feedback');
    expect(await autoAnswerData(services.store).config.channels(GUILD_ID)).toHaveLength(3);
  });

  it('/kb autoanswer list says when Discord refused the Message Content intent, with the portal setting', async () => {
    await services.store.set(INTENT_REFUSED_KEY, '2026-06-01T09:00:00.000Z');
    const [l] = await exchange(fake, client, aa('list'), 1);
    const content = (l!.body as { data: { content: string } }).data.content;
    expect(content.split('\n').at(-1)).toBe(
      '⚠️ Discord refused the Message Content intent (last at 2026-06-01T09:00:00.000Z), so auto-answers are off. Turn it on: Discord Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent, then restart the bot.',
    );
    await services.store.delete(INTENT_REFUSED_KEY);
  });

  it('/kb autoanswer pace changes the cooldown, repeat window and retention; bad input loses nothing', async () => {
    const int = (name: string, value: number): Option => ({ name, type: 4, value });
    const [member] = await exchange(fake, client, aa('pace', [int('cooldown', 5)], MEMBER), 1);
    expect(member!.body).toEqual(
      ephemeral('Changing the knowledge base needs the Manage Server permission or the writer role.'),
    );
    const [r] = await exchange(fake, client, aa('pace', [int('cooldown', 5), int('retention', 14)]), 1);
    const channels = [FORUM_CHANNEL, LOCKED_CHANNEL, TEXT_CHANNEL].sort().join('>, <#');
    expect(r!.body).toEqual(
      reply({
        content: `Saved.\nChannels: <#${channels}>\nThreshold **0.50** · cooldown 5 s per channel · the same document at most once per 10 min · unanswered questions kept 14 days (/kb gaps show)`,
      }),
    );
    const [bad] = await exchange(fake, client, aa('pace', [int('retention', 0)]), 1);
    expect(bad!.body).toEqual(ephemeral('retentionDays must be a number from 1 to 365.'));
    const [shown] = await exchange(fake, client, aa('pace'), 1);
    expect((shown!.body as { data: { content: string } }).data.content).toContain('cooldown 5 s per channel');
    expect((shown!.body as { data: { content: string } }).data.content).toContain('kept 14 days');
  });
});
