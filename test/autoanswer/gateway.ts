// Gateway events as Discord sends them (raw API payloads), fed to a real discord.js client through
// the same public action path the gateway uses, as test/helpers/fake-discord.ts injects interactions.
import { type Client, PermissionFlagsBits } from 'discord.js';
import { APP_ID, GUILD_ID } from '../helpers/fake-discord.ts';

export const TEXT_CHANNEL = '444444444444444444';
export const QUIET_CHANNEL = '444444444444444445';
export const LOCKED_CHANNEL = '444444444444444446';
export const FORUM_CHANNEL = '444444444444444447';
/** A text channel whose overwrite denies @everyone (so the bot) Send Messages. */
export const DENIED_CHANNEL = '444444444444444448';
export const ASKER = '555555555555555551';

let next = 700000000000000000n;
export const snowflake = (): string => String(next++);

const user = (id: string, username: string, bot = false) => ({
  id,
  username,
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

type Handlers = {
  ws: { handlePacket(packet: { t: string; d: unknown }, shard: unknown): boolean };
  actions: Record<'MessageCreate' | 'ThreadCreate', { handle(d: unknown): unknown }>;
};
const internals = (client: Client) => client as unknown as Handlers;
const shard = { id: 0, checkReady() {} };

/** READY (the bot's own user) and GUILD_CREATE (a server with its channels and the bot as member). */
export function joinGuild(
  client: Client,
  everyone = PermissionFlagsBits.ViewChannel |
    PermissionFlagsBits.SendMessages |
    PermissionFlagsBits.SendMessagesInThreads,
): void {
  const { ws } = internals(client);
  ws.handlePacket(
    {
      t: 'READY',
      d: {
        v: 10,
        user: user(APP_ID, 'embedbot', true),
        guilds: [],
        session_id: 'session',
        resume_gateway_url: 'wss://gateway.invalid',
        application: { id: APP_ID, flags: 0 },
      },
    },
    shard,
  );
  const channel = (id: string, name: string, type: number, deny = 0n) => ({
    id,
    type,
    name,
    guild_id: GUILD_ID,
    position: 0,
    permission_overwrites: deny ? [{ id: GUILD_ID, type: 0, allow: '0', deny: String(deny) }] : [],
    parent_id: null,
    nsfw: false,
    ...(type === 15 ? { available_tags: [], default_reaction_emoji: null } : { topic: null }),
  });
  ws.handlePacket(
    {
      t: 'GUILD_CREATE',
      d: {
        id: GUILD_ID,
        name: 'FAQ server',
        icon: null,
        owner_id: ASKER,
        afk_timeout: 300,
        verification_level: 0,
        default_message_notifications: 0,
        explicit_content_filter: 0,
        features: [],
        mfa_level: 0,
        system_channel_flags: 0,
        premium_tier: 0,
        preferred_locale: 'en-US',
        nsfw_level: 0,
        unavailable: false,
        member_count: 2,
        large: false,
        joined_at: '2024-01-01T00:00:00.000Z',
        emojis: [],
        stickers: [],
        voice_states: [],
        presences: [],
        stage_instances: [],
        guild_scheduled_events: [],
        threads: [],
        roles: [
          {
            id: GUILD_ID,
            name: '@everyone',
            permissions: String(everyone),
            position: 0,
            color: 0,
            hoist: false,
            managed: false,
            mentionable: false,
            flags: 0,
          },
        ],
        members: [
          {
            user: user(APP_ID, 'embedbot', true),
            roles: [],
            joined_at: '2024-01-01T00:00:00.000Z',
            deaf: false,
            mute: false,
            flags: 0,
          },
        ],
        channels: [
          channel(TEXT_CHANNEL, 'help', 0),
          channel(QUIET_CHANNEL, 'general', 0),
          channel(LOCKED_CHANNEL, 'announcements-help', 0),
          channel(FORUM_CHANNEL, 'questions', 15),
          channel(DENIED_CHANNEL, 'read-only-help', 0, PermissionFlagsBits.SendMessages),
        ],
      },
    },
    shard,
  );
}

export interface RawMessageOptions {
  channelId?: string;
  id?: string;
  author?: { id: string; username: string; bot?: boolean };
  webhookId?: string;
}

/** A MESSAGE_CREATE payload: a member's message in a server channel. */
export function rawMessage(content: string, o: RawMessageOptions = {}) {
  const author = o.author ?? { id: ASKER, username: 'asker' };
  return {
    id: o.id ?? snowflake(),
    channel_id: o.channelId ?? TEXT_CHANNEL,
    guild_id: GUILD_ID,
    author: user(author.id, author.username, author.bot),
    ...(o.webhookId ? { webhook_id: o.webhookId } : {}),
    member: o.webhookId
      ? undefined
      : { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}

/** A THREAD_CREATE payload for a new forum post (its id is the starter message's id). */
export function rawForumPost(name: string, o: { id?: string; newlyCreated?: boolean } = {}) {
  return {
    id: o.id ?? snowflake(),
    guild_id: GUILD_ID,
    parent_id: FORUM_CHANNEL,
    owner_id: ASKER,
    type: 11,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 4320,
      archive_timestamp: new Date().toISOString(),
      locked: false,
      create_timestamp: new Date().toISOString(),
    },
    applied_tags: [],
    flags: 0,
    total_message_sent: 0,
    ...(o.newlyCreated === false ? {} : { newly_created: true }),
  };
}

export const messageCreate = (client: Client, raw: unknown): unknown =>
  internals(client).actions.MessageCreate.handle(raw);
export const threadCreate = (client: Client, raw: unknown): unknown =>
  internals(client).actions.ThreadCreate.handle(raw);
