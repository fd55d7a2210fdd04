import { describe, expect, it } from 'vitest';
import { firstMessages, mergeChecked } from './use-schema-form';

type Form = { initiation: string; expiration: string; allowedIp: string };
const FIELDS = ['initiation', 'expiration', 'allowedIp'] as const;

describe('the schema form', () => {
  it("keeps each field's first message, and none for paths that are not fields", () => {
    const issues = [
      { path: ['expiration'], message: 'The expiration date is in the past.' },
      { path: ['expiration'], message: 'second' },
      { path: [], message: 'the form as a whole' },
      { path: ['other'], message: 'not a field' },
      { path: ['allowedIp', 0], message: 'Enter one IPv4 address.' },
    ];
    expect(firstMessages<Form>(issues, FIELDS)).toEqual({
      expiration: 'The expiration date is in the past.',
      allowedIp: 'Enter one IPv4 address.',
    });
  });

  it('after one field is checked, updates it and the fields already showing a message, and leaves the rest quiet', () => {
    const found = { initiation: 'Enter the initiation date.', allowedIp: 'Enter one IPv4 address.' };
    // The expiration message was answered by a change elsewhere: it goes. allowedIp was never shown: it stays quiet.
    expect(mergeChecked<Form>({ expiration: 'must be after the initiation date', root: 'could not load' }, found, 'initiation')).toEqual({
      initiation: 'Enter the initiation date.',
    });
    expect(mergeChecked<Form>({ initiation: 'old' }, {}, 'allowedIp')).toEqual({});
    // The server's message stays while another field is checked, and goes when its own field is.
    const server = new Set(['expiration']);
    expect(mergeChecked<Form>({ expiration: 'The expiration date is in the past.' }, {}, 'initiation', server)).toEqual({
      expiration: 'The expiration date is in the past.',
    });
    expect(mergeChecked<Form>({ expiration: 'The expiration date is in the past.' }, {}, 'expiration', server)).toEqual({});
  });
});
