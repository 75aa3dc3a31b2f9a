import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { IN_SERVERS, slashCommand } from '../../src/input.ts';
import { MAX_TITLE } from '../../src/kb/knowledge-base.ts';
import { autoAnswerGroup } from './autoanswer.ts';
import { gapsGroup } from './gaps.ts';
import { sub } from './subcommand.ts';

const T = ApplicationCommandOptionType;

/** /kb as Discord receives it: one subcommand per job, Manage Server by default, servers only. */
export const kbData = slashCommand({
  name: 'kb',
  description: "This server's knowledge base, searched by meaning with /search",
  ...IN_SERVERS,
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    sub('add', 'Add a document (text, or a .txt/.md file)', [
      { type: T.String, name: 'text', description: 'The text to add', min_length: 1, max_length: 4000 },
      { type: T.String, name: 'title', description: 'A short title', min_length: 1, max_length: MAX_TITLE },
      { type: T.Attachment, name: 'file', description: 'A .txt or .md file to add as one document' },
    ]),
    sub('list', 'List the documents, 10 per page', [
      { type: T.Integer, name: 'page', description: 'Page number', min_value: 1 },
    ]),
    sub('remove', 'Remove one document', [
      {
        type: T.String,
        name: 'id',
        description: 'The document (type to search titles and text)',
        required: true,
        min_length: 1,
        max_length: 100,
        autocomplete: true,
      },
    ]),
    sub('clear', 'Remove every document (asks first)', []),
    sub('export', 'Download every document as a JSONL file', []),
    sub('import', 'Add many documents from a JSONL file ({"text","title"} per line) or a text file', [
      { type: T.Attachment, name: 'file', description: '.jsonl, .txt or .md', required: true },
    ]),
    sub('stats', 'Size, quota and settings', []),
    sub('settings', 'Show or change the weak-match threshold and the writer role', [
      {
        type: T.Number,
        name: 'threshold',
        description: 'Scores below this are weak matches (0–1)',
        min_value: 0,
        max_value: 1,
      },
      {
        type: T.Role,
        name: 'writer_role',
        description: 'Members with this role may change the knowledge base',
      },
    ]),
    sub('map', 'A picture of the documents: close together means similar meaning', []),
    sub('demo', 'Add a small demo set about machine learning to try /search', []),
    autoAnswerGroup,
    gapsGroup,
  ],
});
