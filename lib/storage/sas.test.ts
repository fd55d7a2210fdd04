import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, storageFromConnectionString } from '../config';
import {
  accountSasUrl,
  accountWindow,
  blobReadSasUrl,
  CLOCK_SKEW_MS,
  containerSasUrl,
  contentDisposition,
  describeSas,
  protocolFor,
  signingWindow,
} from './sas';

const emulator = storageFromConnectionString(azuriteConnectionString('127.0.0.1', 10000, 10002));
const azure = storageFromConnectionString(
  `DefaultEndpointsProtocol=https;AccountName=mytenant;AccountKey=${Buffer.from('not a real key, 32 bytes long!!!').toString('base64')};EndpointSuffix=core.windows.net`,
);

const now = new Date('2026-12-01T12:00:00.500Z');

describe('signingWindow', () => {
  it('back-dates a start at or before now by 15 minutes', () => {
    const w = signingWindow(now, new Date('2026-12-06T12:00:00Z'), now);
    expect(w.startsOn.toISOString()).toBe(new Date(Math.floor((now.getTime() - CLOCK_SKEW_MS) / 1000) * 1000).toISOString());
    expect(signingWindow(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-06T12:00:00Z'), now).startsOn.toISOString()).toBe(
      '2026-12-01T11:45:00.000Z',
    );
  });

  it('keeps a future start as asked', () => {
    const start = new Date('2026-12-02T08:00:00Z');
    const w = signingWindow(start, new Date('2026-12-06T12:00:00Z'), now);
    expect(w.startsOn.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(w.expiresOn.toISOString()).toBe('2026-12-06T12:00:00.000Z');
  });
});

describe('URLs parsed back match what was asked', () => {
  const window = { startsOn: new Date('2026-12-02T08:00:00Z'), expiresOn: new Date('2026-12-07T08:00:00Z') };

  it('account URL: ss=b, srt=sco, sp=f, st, se, spr=https on Azure', () => {
    const url = accountSasUrl(azure, window);
    expect(url.startsWith('https://mytenant.blob.core.windows.net/?')).toBe(true);
    expect(describeSas(url)).toMatchObject({
      ss: 'b',
      srt: 'sco',
      sp: 'f',
      si: null,
      spr: 'https',
      st: '2026-12-02T08:00:00Z',
      se: '2026-12-07T08:00:00Z',
      hasSignature: true,
    });
  });

  it('account URL on the plain-http emulator allows http', () => {
    const url = accountSasUrl(emulator, window);
    expect(url.startsWith('http://127.0.0.1:10000/devstoreaccount1?')).toBe(true);
    expect(describeSas(url).spr).toBe('https,http');
    expect(protocolFor(emulator.blobEndpoint)).toBe('https,http');
  });

  it('container URL names the stored access policy and nothing else', () => {
    const url = containerSasUrl(azure, 'recordings', 'bsc-20261201T120000Z-abcdef');
    expect(url.startsWith('https://mytenant.blob.core.windows.net/recordings?')).toBe(true);
    expect(describeSas(url)).toMatchObject({
      si: 'bsc-20261201T120000Z-abcdef',
      sr: 'c',
      sp: null,
      st: null,
      se: null,
      spr: 'https',
      hasSignature: true,
    });
  });

  it('a one-blob download URL is read-only, short and says attachment', () => {
    const url = blobReadSasUrl(azure, 'recordings', 'mytenant/a b.mp3.bin', window, 'a b.mp3.bin');
    expect(url.startsWith('https://mytenant.blob.core.windows.net/recordings/mytenant/a%20b.mp3.bin?')).toBe(true);
    expect(describeSas(url)).toMatchObject({ sp: 'r', sr: 'b', spr: 'https' });
    expect(new URL(url).searchParams.get('rscd')).toBe(`attachment; filename="a b.mp3.bin"; filename*=UTF-8''a%20b.mp3.bin`);
  });

  it('content disposition survives quotes and non-ASCII names', () => {
    expect(contentDisposition('réc "1".csv')).toBe(`attachment; filename="r_c _1_.csv"; filename*=UTF-8''r%C3%A9c%20%221%22.csv`);
  });
});

describe('the account token, which cannot be revoked', () => {
  const window = { startsOn: new Date('2026-12-01T11:45:00Z'), expiresOn: new Date('2027-03-01T00:00:00Z') };

  it('is capped at ACCOUNT_SAS_MAX_DAYS after now (or its later start), whatever the container tokens get', () => {
    expect(accountWindow(window, now, 7).expiresOn.toISOString()).toBe('2026-12-08T12:00:00.000Z');
    const later = { startsOn: new Date('2026-12-10T00:00:00Z'), expiresOn: new Date('2027-03-01T00:00:00Z') };
    expect(accountWindow(later, now, 7).expiresOn.toISOString()).toBe('2026-12-17T00:00:00.000Z');
    const short = { startsOn: window.startsOn, expiresOn: new Date('2026-12-03T00:00:00Z') };
    expect(accountWindow(short, now, 7)).toBe(short);
  });

  it('carries an allowed IP range (sip) like the container URLs', () => {
    expect(describeSas(accountSasUrl(azure, window, { start: '203.0.113.0', end: '203.0.113.255' })).sip).toBe('203.0.113.0-203.0.113.255');
    expect(describeSas(containerSasUrl(azure, 'recordings', 'bsc-1', { start: '203.0.113.7' })).sip).toBe('203.0.113.7');
    expect(describeSas(containerSasUrl(azure, 'recordings', 'bsc-1')).sip).toBeNull();
  });
});
