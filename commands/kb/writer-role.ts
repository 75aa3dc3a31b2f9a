import type { Services } from '../../src/command.ts';

/** The role that may change a server's knowledge base without Manage Server, if one is set. */
export const writerRole = async (guildId: string, services: Services): Promise<string | null> =>
  (await services.kb.settings(guildId)).writerRoleId;
