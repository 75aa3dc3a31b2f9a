import { Client, GatewayIntentBits, type RESTOptions } from 'discord.js';
import { NO_MENTIONS } from './ui.ts';

/**
 * The bot's client: the Guilds intent unless auto-answers need messages (src/autoanswer/intents.ts),
 * and no mention is ever parsed by default.
 */
export function createClient(
  rest: Partial<RESTOptions> = {},
  intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds],
): Client {
  return new Client({ intents, allowedMentions: NO_MENTIONS, rest });
}
