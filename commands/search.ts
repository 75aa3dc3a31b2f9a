import { type APIEmbed, ApplicationCommandOptionType } from 'discord.js';
import type { Command } from '../src/command.ts';
import { clip, LIMITS, userText } from '../src/discord/limits.ts';
import {
  COLOURS,
  pictureFiles,
  pictureImage,
  type Reply,
  unreadableContent,
  when,
  who,
} from '../src/discord/ui.ts';
import { readability } from '../src/embedding/readable.ts';
import { UserError } from '../src/errors.ts';
import { type ArgumentsOf, IN_SERVERS, requiredText, slashCommand } from '../src/input.ts';
import type { SearchMode, SearchResult } from '../src/kb/knowledge-base.ts';
import { questionCore } from '../src/kb/query-text.ts';
import { KB_MAP_MAX_POINTS, renderKbMap } from '../src/pictures/index.ts';
import { requireText } from '../src/text.ts';
import { searchCli } from './search/cli.ts';
import type { SearchOutput } from './search/types.ts';

export type * from './search/types.ts';

const MODES: readonly SearchMode[] = ['semantic', 'keyword', 'hybrid'];

const data = slashCommand({
  name: 'search',
  description: "Search this server's knowledge base by meaning",
  ...IN_SERVERS,
  options: [
    requiredText('query', 'What are you looking for?', 1000),
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'k',
      description: 'How many results (default 5)',
      min_value: 1,
      max_value: 10,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'mode',
      description: 'How to match (default: by meaning)',
      choices: [
        { name: 'by meaning (semantic)', value: 'semantic' },
        { name: 'by words (keyword, BM25)', value: 'keyword' },
        { name: 'both (hybrid)', value: 'hybrid' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'map',
      description: 'Also show a map of the knowledge base with your query on it',
    },
  ],
});

/** The query, how many results (`k`), how to match (`mode`), and `map`: also draw the knowledge base. */
export type SearchInput = ArgumentsOf<typeof data>;

export const search: Command<SearchInput, SearchOutput> = {
  data,
  guildOnly: true,
  usesModel: true,

  async run(input, { kb, embedder }, invocation) {
    if (!invocation.guildId)
      throw new UserError("/search looks in a server's knowledge base: use it inside a server.");
    const query = requireText(input.query, 'query', 1000);
    const mode = input.mode ?? 'semantic';
    if (!MODES.includes(mode)) throw new UserError(`The mode must be one of ${MODES.join(', ')}.`);
    const k = Math.min(Math.max(Math.floor(input.k ?? 5), 1), 10);
    const results = await kb.search(invocation.guildId, query, k, mode);
    const { total } = await kb.list(invocation.guildId, 1, 1);
    if (total === 0) return { query, mode, total, results };
    // The search embedded the question without its chat opener already: this is the embedder's cache.
    // Keyword scores need no reading.
    const seen = mode !== 'keyword' || input.map ? await embedder.embed(questionCore(query)) : undefined;
    const found = {
      query,
      mode,
      total,
      results,
      ...(mode === 'keyword' ? {} : readability([query], [seen])),
    };
    if (!input.map) return found;
    const points = await kb.mapPoints(invocation.guildId, KB_MAP_MAX_POINTS);
    return {
      ...found,
      picture: await renderKbMap(points.vectors, points.labels, { text: query, vector: seen!.vector }),
    };
  },

  discord: { render: (r) => renderSearch(r) },
  cli: searchCli,
};

function renderSearch(r: SearchOutput): Reply {
  if (r.total === 0) {
    return { content: 'This server has no documents yet. Add some with `/kb add`, or try `/kb demo`.' };
  }
  const strong = r.results.filter((x) => !x.weak);
  const weak = r.results.filter((x) => x.weak);
  const field = (x: SearchResult, i: number) => ({
    name: clip(
      `${i + 1}. ${x.title ?? 'Untitled'} · ${r.mode === 'keyword' ? `BM25 ${x.score.toFixed(2)}` : x.score.toFixed(3)}`,
      LIMITS.fieldName,
    ),
    value: clip(
      `${userText(x.snippet, 700)}\n-# \`${x.id}\` · ${who(x.addedBy)} ${when(x.addedAt)}`,
      LIMITS.fieldValue,
    ),
  });
  const fields = [
    ...strong.map(field),
    ...(weak.length ? [{ name: 'Weak matches', value: "These scored under the server's threshold:" }] : []),
    ...weak.map((x, i) => field(x, strong.length + i)),
  ];
  return {
    ...unreadableContent(r.unreadable),
    ...pictureFiles(r.picture),
    embeds: [
      {
        ...pictureImage(r.picture),
        title: clip(`Search: ${userText(r.query, 240)}`, LIMITS.embedTitle),
        color: COLOURS.blurple,
        description: r.results.length ? undefined : 'No matches.',
        fields: fields.slice(0, LIMITS.fields),
        footer: { text: `${r.mode} search over ${r.total} documents` },
      } as APIEmbed,
    ],
  };
}
