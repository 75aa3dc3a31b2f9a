import { REST, type RESTOptions, Routes } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { UserError } from '../errors.ts';

/** The application id is the bot user's id, which is the token's first part in base64. */
export function applicationIdFromToken(token: string): string {
  const id = Buffer.from(token.split('.')[0] ?? '', 'base64').toString('utf8');
  if (!/^\d{17,20}$/.test(id))
    throw new UserError('Could not read the application id from DISCORD_TOKEN; set DISCORD_APPLICATION_ID.');
  return id;
}

export const commandData = () => Object.values(commands).map((c) => c.data);

/** Registers every slash command, globally or (instantly, for development) in one server. */
export async function deployCommands(options: {
  token: string;
  applicationId?: string | undefined;
  guildId?: string | undefined;
  rest?: Partial<RESTOptions>;
}): Promise<{ count: number; scope: string }> {
  const appId = options.applicationId ?? applicationIdFromToken(options.token);
  const rest = new REST(options.rest).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(appId, options.guildId)
    : Routes.applicationCommands(appId);
  const body = commandData();
  await rest.put(route, { body });
  return {
    count: body.length,
    scope: options.guildId ? `server ${options.guildId}` : 'every server (global)',
  };
}
