import type { Client } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { DEFAULT_SETTINGS } from '../../src/kb/knowledge-base.ts';
import {
  asMember,
  autocomplete,
  buttonClick,
  FakeDiscord,
  GUILD_ID,
  messageBodies,
  messageCommand,
  modalSubmit,
  type Recorded,
  USER_ID,
} from '../helpers/fake-discord.ts';
import { describeWithModel } from '../helpers/model.ts';
import { realServices } from '../helpers/services.ts';
import {
  added,
  BLURPLE,
  ephemeral,
  kbCommand,
  MANAGE,
  MEMBER,
  NO_WRITE,
  type Option,
  reply,
  str,
  WRITER_ROLE,
  when,
} from './payloads.ts';
import { exchange, paths, requestsOf, route, wire } from './support.ts';

const OTHER_USER = '777777777777777777';
const NOT_YOURS = 'These buttons belong to the person who ran the command. Run it yourself to get your own.';
const RED = 0xed4245;

const button = (label: string, customId: string, disabled = false, style = 2) => ({
  type: 2,
  style,
  label,
  custom_id: customId,
  disabled,
});
const dataOf = (r: Recorded) => (r.body as { data: Record<string, unknown> }).data;

describeWithModel('knowledge-base forms, menus, buttons and autocomplete through discord.js', () => {
  const services = realServices();
  const kb = services.kb;
  let fake: FakeDiscord;
  let client: Client;
  const docs = async () => (await kb.list(GUILD_ID, 1, 100)).documents;
  /** Adds documents one after another (so /kb list shows them in this order). */
  const seed = async (entries: { title?: string; text: string }[]) => {
    const ids: string[] = [];
    for (const e of entries) ids.push((await kb.add(GUILD_ID, { ...e, addedBy: USER_ID })).id);
    return ids;
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await services.embedder.ready();
    // A generous defer threshold, so every answer here is one callback however busy the machine is.
    ({ client } = wire(fake, { commands, services, deferAfterMs: 10_000 }));
  });
  beforeEach(async () => {
    fake.overrides = [];
    await kb.clear(GUILD_ID);
    await kb.updateSettings(GUILD_ID, DEFAULT_SETTINGS);
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
    await services.embedder.close();
    await services.store.close();
  });

  describe('/kb add with neither text nor file: a form', () => {
    const FORM = {
      custom_id: `kbadd:${USER_ID}`,
      title: 'Add to the knowledge base',
      components: [
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: 'title',
              label: 'Title (optional)',
              style: 1,
              required: false,
              max_length: 100,
            },
          ],
        },
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: 'text',
              label: 'Text',
              style: 2,
              required: true,
              min_length: 1,
              max_length: 4000,
            },
          ],
        },
      ],
    };

    it('shows the form (callback type 9); submitting it stores the document and answers', async () => {
      const raw = kbCommand('add');
      const [form] = await exchange(fake, client, raw, 1);
      expect(route(form!)).toBe(paths(raw).callback);
      expect(form!.body).toEqual({ type: 9, data: FORM });

      // Discord sends every text input back, an empty optional one as "".
      const text =
        'Holiday requests go to your team lead at least two weeks ahead.\n\nUp to 4,000 characters fit here.';
      const submit = modalSubmit(`kbadd:${USER_ID}`, { title: '  Holidays ', text }, { permissions: MANAGE });
      const [answer] = await exchange(fake, client, submit, 1);
      expect(route(answer!)).toBe(paths(submit).callback);
      const stored = await docs();
      expect(stored).toEqual([expect.objectContaining({ title: 'Holidays', text, addedBy: USER_ID })]);
      expect(answer!.body).toEqual(added('Holidays', stored[0]!.id));

      // The title may be left empty.
      const untitled = modalSubmit(
        `kbadd:${USER_ID}`,
        { title: '', text: 'Expenses are reimbursed monthly.' },
        { permissions: MANAGE },
      );
      const [second] = await exchange(fake, client, untitled, 1);
      const doc = (await docs()).find((d) => d.title === null)!;
      expect(doc.text).toBe('Expenses are reimbursed monthly.');
      expect(second!.body).toEqual(added('Untitled', doc.id));
    });

    it('a submission carrying someone else\u2019s form id does nothing at all', async () => {
      const submit = modalSubmit(
        `kbadd:${USER_ID}`,
        { title: 'Sneaky', text: 'Not my form.' },
        { userId: OTHER_USER, permissions: MANAGE },
      );
      await exchange(fake, client, submit, 0, { quietMs: 400 });
      expect(requestsOf(fake, submit)).toEqual([]);
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('without Manage Server no form is shown, and a submitted form is refused too', async () => {
      const raw = kbCommand('add', [], { permissions: MEMBER });
      const [refused] = await exchange(fake, client, raw, 1);
      expect(refused!.body).toEqual(ephemeral(NO_WRITE));

      // Permissions are checked again when the form comes back (they may have changed meanwhile).
      const submit = modalSubmit(
        `kbadd:${USER_ID}`,
        { title: '', text: 'Some text.' },
        { permissions: MEMBER },
      );
      const [again] = await exchange(fake, client, submit, 1);
      expect(again!.body).toEqual(ephemeral(NO_WRITE));
      expect((await kb.list(GUILD_ID)).total).toBe(0);

      // With the writer role the form is shown.
      await kb.updateSettings(GUILD_ID, { writerRoleId: WRITER_ROLE });
      const writer = asMember(kbCommand('add', [], { permissions: MEMBER }), { roles: [WRITER_ROLE] });
      const [form] = await exchange(fake, client, writer, 1);
      expect(form!.body).toEqual({ type: 9, data: FORM });
    });

    it('in a DM: the guild-only answer, not a form', async () => {
      const raw = kbCommand('add', [], { dm: true });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(ephemeral('/kb works inside a server, where its knowledge base lives.'));
    });
  });

  describe('the "Add to knowledge base" message command', () => {
    it('stores the message text, titled after its author', async () => {
      const content = 'Reminder: the VPN certificate must be renewed every 90 days. Ask @everyone in IT.';
      const raw = messageCommand(
        'Add to knowledge base',
        { content, authorName: 'alice' },
        { permissions: MANAGE },
      );
      const [answer] = await exchange(fake, client, raw, 1);
      expect(route(answer!)).toBe(paths(raw).callback);
      const stored = await docs();
      expect(stored).toEqual([
        expect.objectContaining({ title: 'Message from alice', text: content, addedBy: USER_ID }),
      ]);
      expect(answer!.body).toEqual(added('Message from alice', stored[0]!.id));
    });

    it('a message without text is refused privately', async () => {
      const raw = messageCommand('Add to knowledge base', { content: '' }, { permissions: MANAGE });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(ephemeral('That message has no text to add (only embeds or files).'));
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('needs Manage Server or the writer role', async () => {
      const content = 'The wifi password changes every Monday.';
      const raw = messageCommand('Add to knowledge base', { content }, { permissions: MEMBER });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(ephemeral(NO_WRITE));
      expect((await kb.list(GUILD_ID)).total).toBe(0);

      await kb.updateSettings(GUILD_ID, { writerRoleId: WRITER_ROLE });
      const writer = messageCommand(
        'Add to knowledge base',
        { content, authorName: 'bob' },
        { permissions: MEMBER, roles: [WRITER_ROLE] },
      );
      const [ok] = await exchange(fake, client, writer, 1);
      const stored = await docs();
      expect(stored).toEqual([expect.objectContaining({ title: 'Message from bob', text: content })]);
      expect(ok!.body).toEqual(added('Message from bob', stored[0]!.id));
    });
  });

  describe('/kb list pages', () => {
    const NOTES = Array.from({ length: 23 }, (_, i) => ({
      title: `Note ${String(i + 1).padStart(2, '0')}`,
      text: `Note number ${i + 1}: the meeting room ${i + 1} has ${i + 3} chairs.`,
    }));
    const page = async (n: number) => {
      const r = await kb.list(GUILD_ID, n);
      return r.documents
        .map((d) => `**${d.title}**\n\`${d.id}\` · added by <@${USER_ID}> ${when(d.addedAt)}`)
        .join('\n\n');
    };
    const listEmbed = async (n: number) => ({
      title: 'Knowledge base · 23 documents',
      color: BLURPLE,
      description: await page(n),
      footer: { text: `Page ${n} of 3` },
    });
    const pager = (n: number) => [
      {
        type: 1,
        components: [
          button('◀ Previous', `kblist:${USER_ID}:${n - 1}`, n <= 1),
          button('Next ▶', `kblist:${USER_ID}:${n + 1}`, n >= 3),
        ],
      },
    ];

    it('shows 10 per page; the invoker turns pages, anyone else is refused', async () => {
      await seed(NOTES);
      const raw = kbCommand('list', [], { permissions: MEMBER });
      const [first] = await exchange(fake, client, raw, 1);
      expect(route(first!)).toBe(paths(raw).callback);
      expect(first!.body).toEqual(reply({ embeds: [await listEmbed(1)], components: pager(1) }));
      const description = (dataOf(first!).embeds as { description: string }[])[0]!.description;
      expect(description.match(/^\*\*Note \d\d\*\*$/gm)).toEqual(
        NOTES.slice(0, 10).map((n) => `**${n.title}**`),
      );

      // The invoker clicks the Next button Discord showed them: the message is updated in place.
      const next = pager(1)[0]!.components[1]!.custom_id;
      const click = buttonClick(next);
      const [update] = await exchange(fake, client, click, 1);
      expect(route(update!)).toBe(paths(click).callback);
      expect(update!.body).toEqual(reply({ embeds: [await listEmbed(2)], components: pager(2) }, 7));
      const second = (dataOf(update!).embeds as { description: string }[])[0]!.description;
      expect(second.match(/^\*\*Note \d\d\*\*$/gm)).toEqual(NOTES.slice(10, 20).map((n) => `**${n.title}**`));

      // The last page has 3 and no Next.
      const [last] = await exchange(fake, client, buttonClick(`kblist:${USER_ID}:3`), 1);
      expect(last!.body).toEqual(reply({ embeds: [await listEmbed(3)], components: pager(3) }, 7));

      // Someone else clicks the same button: refused privately, nothing updated.
      const stranger = buttonClick(next, { userId: OTHER_USER });
      const [refusal] = await exchange(fake, client, stranger, 1);
      expect(refusal!.body).toEqual(ephemeral(NOT_YOURS));
    });

    it('/kb list page: beyond the end shows the last page; one page has no buttons', async () => {
      await seed(NOTES);
      const raw = kbCommand('list', [{ name: 'page', type: 4, value: 9 }], { permissions: MEMBER });
      const [answer] = await exchange(fake, client, raw, 1);
      expect(answer!.body).toEqual(reply({ embeds: [await listEmbed(3)], components: pager(3) }));

      await kb.clear(GUILD_ID);
      const [empty] = await exchange(fake, client, kbCommand('list', [], { permissions: MEMBER }), 1);
      expect(empty!.body).toEqual(
        reply({
          embeds: [
            {
              title: 'Knowledge base · 0 documents',
              color: BLURPLE,
              description: 'Nothing here yet. Add with `/kb add`, or try `/kb demo`.',
              footer: { text: 'Page 1 of 1' },
            },
          ],
          components: [],
        }),
      );
    });
  });

  describe('/kb clear asks first', () => {
    const THREE = [
      { title: 'Red', text: 'Red is the colour of ripe strawberries.' },
      { title: 'Green', text: 'Green is the colour of fresh grass.' },
      { title: 'Blue', text: 'Blue is the colour of a clear sky.' },
    ];
    const confirmation = reply({
      content: "Remove all **3** documents from this server's knowledge base? This cannot be undone.",
      components: [
        {
          type: 1,
          components: [
            button('Remove all 3', `kbclear:${USER_ID}:yes`, false, 4),
            button('Cancel', `kbclear:${USER_ID}:no`),
          ],
        },
      ],
    });
    const clickAs = (customId: string, userId: string, permissions: bigint) =>
      asMember(buttonClick(customId, { userId }), { permissions });

    it('others are refused, Cancel removes nothing, confirming removes everything', async () => {
      await seed(THREE);
      const raw = kbCommand('clear');
      const [question] = await exchange(fake, client, raw, 1);
      expect(route(question!)).toBe(paths(raw).callback);
      expect(question!.body).toEqual(confirmation);

      // Another user, even one with Manage Server, cannot answer someone else's question.
      for (const id of [`kbclear:${USER_ID}:yes`, `kbclear:${USER_ID}:no`]) {
        const stranger = clickAs(id, OTHER_USER, MANAGE);
        const [refused] = await exchange(fake, client, stranger, 1);
        expect(refused!.body).toEqual(ephemeral(NOT_YOURS));
      }
      expect((await kb.list(GUILD_ID)).total).toBe(3);

      const cancel = clickAs(`kbclear:${USER_ID}:no`, USER_ID, MANAGE);
      const [cancelled] = await exchange(fake, client, cancel, 1);
      expect(route(cancelled!)).toBe(paths(cancel).callback);
      expect(cancelled!.body).toEqual(reply({ content: 'Nothing was removed.', components: [] }, 7));
      expect((await kb.list(GUILD_ID)).total).toBe(3);

      const confirm = clickAs(`kbclear:${USER_ID}:yes`, USER_ID, MANAGE);
      const [cleared] = await exchange(fake, client, confirm, 1);
      expect(cleared!.body).toEqual(reply({ content: 'Removed 3 documents.', components: [] }, 7));
      expect((await kb.list(GUILD_ID)).total).toBe(0);
      const [list] = await exchange(fake, client, kbCommand('list', [], { permissions: MEMBER }), 1);
      expect((dataOf(list!).embeds as { title: string }[])[0]!.title).toBe('Knowledge base · 0 documents');
    });

    it('an invoker who lost Manage Server before clicking is refused, and nothing is removed', async () => {
      await seed(THREE);
      const [question] = await exchange(fake, client, kbCommand('clear'), 1);
      expect(question!.body).toEqual(confirmation);
      const late = clickAs(`kbclear:${USER_ID}:yes`, USER_ID, MEMBER);
      const [refused] = await exchange(fake, client, late, 1);
      expect(refused!.body).toEqual(ephemeral(NO_WRITE));
      expect((await kb.list(GUILD_ID)).total).toBe(3);

      // The writer role is enough to confirm.
      await kb.updateSettings(GUILD_ID, { writerRoleId: WRITER_ROLE });
      const writer = asMember(clickAs(`kbclear:${USER_ID}:yes`, USER_ID, MEMBER), { roles: [WRITER_ROLE] });
      const [cleared] = await exchange(fake, client, writer, 1);
      expect(cleared!.body).toEqual(reply({ content: 'Removed 3 documents.', components: [] }, 7));
      expect((await kb.list(GUILD_ID)).total).toBe(0);
    });

    it('an empty knowledge base: nothing to confirm', async () => {
      const [answer] = await exchange(fake, client, kbCommand('clear'), 1);
      expect(answer!.body).toEqual(reply({ content: 'The knowledge base is already empty.' }));
    });
  });

  describe('/kb remove with autocomplete', () => {
    const focusedId = (value: string): Option[] => [
      { name: 'remove', type: 1, options: [{ name: 'id', type: 3, value, focused: true }] },
    ];
    type Choice = { name: string; value: string };
    const choicesOf = (r: Recorded) => (r.body as { type: number; data: { choices: Choice[] } }).data.choices;

    it('suggests matching documents by title (≤ 25, names ≤ 100); removing the chosen id works', async () => {
      const long = `Machine learning ${'and a very long title '.repeat(4)}`.slice(0, 100).trim();
      const ids = await seed([
        { title: 'Machine learning in one paragraph', text: 'Machine learning improves from examples.' },
        { title: long, text: 'A document with a title of a hundred characters.' },
        ...Array.from({ length: 28 }, (_, i) => ({
          title: `Recipe ${i + 1}`,
          text: `Recipe ${i + 1}: boil ${i + 2} eggs for ${i + 5} minutes.`,
        })),
      ]);

      const typed = autocomplete('kb', focusedId('machine'), { permissions: MANAGE });
      const [answer] = await exchange(fake, client, typed, 1);
      expect(route(answer!)).toBe(paths(typed).callback);
      // Newest first; the long title is cut to fit Discord's 100-character limit.
      expect(answer!.body).toEqual({
        type: 8,
        data: {
          choices: [
            { name: `${long.slice(0, 79)}… (${ids[1]})`, value: ids[1] },
            { name: `Machine learning in one paragraph (${ids[0]})`, value: ids[0] },
          ],
        },
      });

      // Nothing typed yet: the 25 newest, every name within the limit.
      const empty = autocomplete('kb', focusedId(''), { permissions: MEMBER });
      const [all] = await exchange(fake, client, empty, 1);
      const choices = choicesOf(all!);
      expect(choices).toHaveLength(25);
      expect(choices.map((c) => c.value)).toEqual([...ids].reverse().slice(0, 25));
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.name).toContain(c.value);
      }

      // The user picks the suggestion; Discord sends its value as the option.
      const chosen = choicesOf(answer!)[1]!.value;
      const remove = kbCommand('remove', [str('id', chosen)]);
      const [removed] = await exchange(fake, client, remove, 1);
      expect(removed!.body).toEqual(
        reply({
          embeds: [
            {
              title: 'Removed',
              color: RED,
              description: `**Machine learning in one paragraph** · \`${chosen}\``,
            },
          ],
        }),
      );
      expect((await docs()).map((d) => d.id)).not.toContain(chosen);
      expect((await kb.list(GUILD_ID)).total).toBe(29);

      // It is no longer suggested, and removing it again says it is not there.
      const [after] = await exchange(fake, client, autocomplete('kb', focusedId('machine')), 1);
      expect(choicesOf(after!).map((c) => c.value)).toEqual([ids[1]]);
      const [again] = await exchange(fake, client, kbCommand('remove', [str('id', chosen)]), 1);
      expect(again!.body).toEqual(
        ephemeral(`There is no document with id "${chosen}" in this server's knowledge base.`),
      );
    });

    it('an id typed in full matches it; no match gives no choices; a DM gives none', async () => {
      const [id] = await seed([{ title: 'Parking', text: 'Visitors park in bay C.' }]);
      const [byId] = await exchange(fake, client, autocomplete('kb', focusedId(id!)), 1);
      expect(choicesOf(byId!)).toEqual([{ name: `Parking (${id})`, value: id }]);
      const [none] = await exchange(fake, client, autocomplete('kb', focusedId('zebra')), 1);
      expect(none!.body).toEqual({ type: 8, data: { choices: [] } });
      const [dm] = await exchange(fake, client, autocomplete('kb', focusedId('park'), { dm: true }), 1);
      expect(dm!.body).toEqual({ type: 8, data: { choices: [] } });
    });
  });

  // Last on purpose: it looks at everything the tests above made the bot send.
  it('no message the bot sent in this file could ping anyone (forms and choices are not messages)', () => {
    const callbacks = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks.filter((r) => (r.body as { type: number }).type === 9).length).toBeGreaterThan(0);
    const messages = messageBodies(
      fake.requests.filter((r) => ![8, 9].includes((r.body as { type?: number } | undefined)?.type ?? 0)),
    );
    expect(messages.length).toBeGreaterThan(20);
    for (const body of messages) expect(body.allowed_mentions, JSON.stringify(body)).toEqual({ parse: [] });
  });
});
