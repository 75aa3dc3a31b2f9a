import { Client, GatewayIntentBits, type RESTOptions } from 'discord.js';
import { NO_MENTIONS } from './ui.ts';

/** The bot's client: the Guilds intent only, and no mention is ever parsed by default. */
export function createClient(rest: Partial<RESTOptions> = {}): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: NO_MENTIONS, rest });
}
