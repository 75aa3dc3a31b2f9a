import { type Client, GatewayIntentBits, IntentsBitField } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderAutoAnswerKb, runAutoAnswer } from '../../commands/kb/autoanswer.ts';
import {
  type AutoAnswerMode,
  connectWithIntents,
  doctorAutoAnswer,
  MESSAGE_CONTENT_SETTING,
  messageContentStatus,
  wantsMessageContent,
} from '../../src/autoanswer/intents.ts';
import { INTENT_REFUSED_KEY } from '../../src/autoanswer/keys.ts';
import { AutoAnswerConfig } from '../../src/autoanswer/settings.ts';
import { parseConfig } from '../../src/config.ts';
import { createClient } from '../../src/discord/client.ts';
import { gatewayLogin, LoginError } from '../../src/discord/login.ts';
import { type KvStore, lazyStore } from '../../src/kb/store.ts';
import { captureLogs } from '../discord/support.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { fakeGateway, serveGateway } from './intents-gateway.ts';

const GUILD = '222222222222222222';
const TOKEN = 'MTExMTExMTExMTExMTExMTEx.fake00.not-a-real-token-just-for-tests-00';
const WITH_CONTENT =
  GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;

describe('intents', () => {
  let store: KvStore;
  let fake: FakeDiscord;
  const clients: Client[] = [];
  const gateways: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    store = lazyStore('sqlite://:memory:');
    fake = await FakeDiscord.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await Promise.all(gateways.splice(0).map((g) => g.close()));
    await fake.close();
    await store.close();
  });

  async function start(allowMessageContent: boolean, mode: AutoAnswerMode = 'auto') {
    const gateway = await fakeGateway(allowMessageContent);
    serveGateway(fake, gateway.url);
    const logs = captureLogs();
    const created: number[] = [];
    gateways.push(gateway);
    // As bot.ts connects: a client with these intents, logged in by login.ts (fatal closes reject).
    const { client, messages } = await connectWithIntents({
      store,
      mode,
      logger: logs.logger,
      connect: async (intents) => {
        const c = createClient({ api: fake.api }, intents);
        created.push(new IntentsBitField(intents).bitfield);
        clients.push(c);
        c.rest.setToken(TOKEN);
        await gatewayLogin(c, TOKEN, 10_000);
        return c;
      },
    });
    return { client, messages, logs, created, identified: gateway.identified };
  }

  it('the Guilds intent only while no server has an auto-answer channel', async () => {
    expect(await wantsMessageContent(store, 'auto')).toBe(false);
    expect(await wantsMessageContent(store, 'on')).toBe(true);
    const { identified, messages } = await start(true);
    expect(identified).toEqual([GatewayIntentBits.Guilds]);
    expect(messages).toBe(false);
    expect(messageContentStatus()).toBe('off');
    expect(await doctorAutoAnswer(store, 'auto')).toBe(
      'off (no auto-answer channel, so the bot needs the Guilds intent only)',
    );
  });

  it('messages and their content once a channel exists, and AUTOANSWER=off overrides it', async () => {
    await new AutoAnswerConfig(store).addChannel(GUILD, '444444444444444444');
    expect(await wantsMessageContent(store, 'off')).toBe(false);
    await store.set(INTENT_REFUSED_KEY, 'earlier');
    const { identified, client, messages } = await start(true);
    expect(identified).toEqual([WITH_CONTENT]);
    expect(messages).toBe(true);
    expect(client.isReady()).toBe(true);
    expect(messageContentStatus()).toBe('on');
    // A granted intent clears an old refusal.
    expect(await store.get(INTENT_REFUSED_KEY)).toBeUndefined();
  });

  it('AUTOANSWER=off never asks, even with a channel, and /kb autoanswer list says what to change', async () => {
    await new AutoAnswerConfig(store).addChannel(GUILD, '444444444444444444');
    const { identified, messages } = await start(true, 'off');
    expect(identified).toEqual([GatewayIntentBits.Guilds]);
    expect(messages).toBe(false);
    expect(messageContentStatus()).toBe('disabled');
    const list = await runAutoAnswer({ subcommand: 'autoanswer list' }, { kb: { store } } as never, GUILD);
    expect(renderAutoAnswerKb(list).content?.split('\n').at(-1)).toBe(
      '⚠️ The bot runs with AUTOANSWER=off, so it reads no messages: set AUTOANSWER=auto (or on) and restart it to start answering.',
    );
  });

  it('refused with close 4014: logs the portal setting, starts again with Guilds only, and doctor says so', async () => {
    const { identified, client, logs, created, messages } = await start(false, 'on');
    expect(messages).toBe(false);
    expect(identified).toEqual([WITH_CONTENT, GatewayIntentBits.Guilds]);
    expect(created).toEqual([WITH_CONTENT, GatewayIntentBits.Guilds]);
    expect(client.isReady()).toBe(true);
    expect(client.options.intents.bitfield).toBe(GatewayIntentBits.Guilds);
    expect(messageContentStatus()).toBe('refused');
    const warning = logs.entries().find((e) => e.level === 40);
    expect(warning).toMatchObject({
      setting: MESSAGE_CONTENT_SETTING,
      msg: 'Discord refused the Message Content intent (gateway close 4014): starting without auto-answers. Turn it on in the Developer Portal, then restart.',
    });
    expect(await store.get(INTENT_REFUSED_KEY)).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(doctorAutoAnswer(store, 'auto')).rejects.toThrow(
      `so auto-answers are off. Turn it on: ${MESSAGE_CONTENT_SETTING}, then restart the bot.`,
    );
  });

  it('a 4014 is a LoginError with exit code 1 and its close code, never "rejected token" (exit 2)', async () => {
    const gateway = await fakeGateway(false);
    gateways.push(gateway);
    serveGateway(fake, gateway.url);
    const c = createClient({ api: fake.api }, [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent]);
    clients.push(c);
    const error = await gatewayLogin(c, TOKEN, 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect(error).toMatchObject({
      exitCode: 1,
      closeCode: 4014,
      message: 'the Discord gateway closed the connection: 4014 disallowed intents',
    });
  });
});

describe('AUTOANSWER', () => {
  it('is auto by default; on and off force the choice; anything else is a settings problem', () => {
    expect(parseConfig({}).autoAnswer).toBeUndefined();
    expect(parseConfig({ AUTOANSWER: 'auto' }).autoAnswer).toBeUndefined();
    expect(parseConfig({ AUTOANSWER: 'on' }).autoAnswer).toBe('on');
    expect(parseConfig({ AUTOANSWER: ' off ' }).autoAnswer).toBe('off');
    expect(() => parseConfig({ AUTOANSWER: 'yes' })).toThrow(
      'AUTOANSWER must be one of auto, on, off (got "yes").',
    );
  });
});
