import { describe, expectTypeOf, it } from 'vitest';
import type { AnalogyInput } from '../commands/analogy.ts';
import type { EmbedInput } from '../commands/embed.ts';
import type { ExplainInput } from '../commands/explain.ts';
import type { KbInput } from '../commands/kb.ts';
import type { SearchInput } from '../commands/search.ts';
import type { SimilarInput } from '../commands/similar.ts';
import type { ArgumentsOf, TextFile } from '../src/input.ts';
import type { SearchMode } from '../src/kb/knowledge-base.ts';

// These are checked by `tsc --noEmit` (npm run check): an input type that drifts from its data fails it.
describe('ArgumentsOf: a command input derived from its data', () => {
  it('plain options: required ones present, the rest optional, by option type', () => {
    type Data = {
      options: [
        { type: 3; name: 'text'; description: ''; required: true },
        { type: 4; name: 'n'; description: '' },
        { type: 5; name: 'flag'; description: '' },
        { type: 11; name: 'file'; description: '' },
        {
          type: 3;
          name: 'mode';
          description: '';
          choices: [{ name: 'A'; value: 'a' }, { name: 'B'; value: 'b' }];
        },
      ];
    };
    expectTypeOf<ArgumentsOf<Data>>().toEqualTypeOf<{
      text: string;
      n?: number;
      flag?: boolean;
      file?: TextFile;
      mode?: 'a' | 'b';
    }>();
  });

  it('subcommands and groups name the one used; their options are optional', () => {
    type Data = {
      options: [
        {
          type: 1;
          name: 'add';
          description: '';
          options: [{ type: 3; name: 'text'; description: ''; required: true }];
        },
        {
          type: 2;
          name: 'tags';
          description: '';
          options: [
            {
              type: 1;
              name: 'clear';
              description: '';
              options: [{ type: 8; name: 'role'; description: '' }];
            },
          ];
        },
      ];
    };
    expectTypeOf<ArgumentsOf<Data>>().toEqualTypeOf<{
      subcommand: 'add' | 'tags clear';
      text?: string;
      role?: string;
    }>();
  });

  it("each command's input comes from its own data", () => {
    expectTypeOf<EmbedInput['text']>().toEqualTypeOf<string>();
    expectTypeOf<EmbedInput['values']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SimilarInput['j']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AnalogyInput['include_inputs']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ExplainInput['topic']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SearchInput['mode']>().toEqualTypeOf<SearchMode | undefined>();
    expectTypeOf<KbInput['subcommand']>().toEqualTypeOf<
      | 'add'
      | 'list'
      | 'remove'
      | 'clear'
      | 'export'
      | 'import'
      | 'stats'
      | 'settings'
      | 'demo'
      | 'map'
      | 'autoanswer add'
      | 'autoanswer remove'
      | 'autoanswer list'
      | 'autoanswer threshold'
      | 'autoanswer pace'
      | 'gaps show'
      | 'gaps clear'
    >();
    expectTypeOf<KbInput['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<KbInput['file']>().toEqualTypeOf<TextFile | undefined>();
    expectTypeOf<KbInput['threshold']>().toEqualTypeOf<number | undefined>();
  });
});
