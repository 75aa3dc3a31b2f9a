// The dispatcher's part in auto-answer buttons, on a test command: anyone may press, the work runs
// after the guards, its failure is answered privately with a ref, and a button can open a form.
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.ts';
import { ANYONE, encodeCustomId } from '../../src/discord/custom-id.ts';
import { asMember, buttonClick, FakeDiscord, USER_ID } from '../helpers/fake-discord.ts';
import { ephemeral, MANAGE, NO_WRITE } from './payloads.ts';
import { exchange, wire } from './support.ts';

const counted: string[] = [];

const poll: Command<{ subcommand?: string }, unknown> = {
  data: { name: 'poll', description: 'test-only poll' },
  guildOnly: true,
  writes: (input) => input.subcommand === 'write',
  async run() {
    return {};
  },
  discord: {
    render: () => ({ content: '' }),
    components: [
      {
        prefix: 'pollvote',
        anyone: true,
        notYours: '',
        press: ([choice], { userId }) => ({
          notice: async () => {
            if (choice === 'broken') throw new Error('the store is down');
            counted.push(`${userId}:${choice}`);
            return `Counted ${choice}.`;
          },
        }),
      },
      { prefix: 'pollwrite', notYours: 'Not yours.', press: () => ({ input: { subcommand: 'write' } }) },
    ],
    form: {
      prefix: 'pollform',
      wants: (input) => input.subcommand === 'write',
      build: (customId) => ({
        custom_id: customId,
        title: 'Write',
        components: [
          {
            type: 1,
            components: [{ type: 4, custom_id: 'text', label: 'Text', style: 1, required: true }],
          },
        ],
      }),
      submit: () => ({ subcommand: 'written' }),
    },
  },
};

describe('buttons anyone may press, notices and forms from buttons', () => {
  let fake: FakeDiscord;
  let client: Client;
  let logs: ReturnType<typeof wire>['logs'];
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ client, logs } = wire(fake, { commands: { poll }, cooldown: { uses: 2, seconds: 60 } }));
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('anyone may press; the work runs only once the guards pass', async () => {
    const vote = (userId: string) => buttonClick(encodeCustomId('pollvote', ANYONE, 'yes'), { userId });
    const [a] = await exchange(fake, client, vote('100000000000000001'), 1);
    expect(a!.body).toEqual(ephemeral('Counted yes.'));
    const [b] = await exchange(fake, client, vote('100000000000000002'), 1);
    expect(b!.body).toEqual(ephemeral('Counted yes.'));
    await exchange(fake, client, vote('100000000000000001'), 1);
    // The cooldown (2 per minute) refuses the third press, and nothing is counted for it.
    const [slow] = await exchange(fake, client, vote('100000000000000001'), 1);
    expect(slow!.body).toEqual(ephemeral(expect.stringMatching(/^You are going a little fast/) as never));
    expect(counted).toEqual(['100000000000000001:yes', '100000000000000002:yes', '100000000000000001:yes']);
  });

  it('a failing notice is answered privately with a ref and logged', async () => {
    const raw = buttonClick(encodeCustomId('pollvote', ANYONE, 'broken'), { userId: '100000000000000003' });
    const [r] = await exchange(fake, client, raw, 1);
    const content = (r!.body as { data: { content: string } }).data.content;
    expect(content).toMatch(/^Something went wrong on our side \(ref [\w-]+\)\. It has been logged\.$/);
    const ref = /ref ([\w-]+)/.exec(content)![1];
    expect(logs.entries().find((e) => e.msg === 'command failed')).toMatchObject({ ref, via: 'pollvote' });
  });

  it("a button whose input the command's form wants opens the form, after the write check", async () => {
    const press = () => buttonClick(encodeCustomId('pollwrite', USER_ID), { userId: USER_ID });
    const [no] = await exchange(fake, client, press(), 1);
    expect(no!.body).toEqual(ephemeral(NO_WRITE));
    const [form] = await exchange(fake, client, asMember(press(), { permissions: MANAGE }), 1);
    expect(form!.body).toEqual({ type: 9, data: poll.discord!.form!.build(`pollform:${USER_ID}`) });
  });
});
