import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { expect, type Page } from '@playwright/test';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../lib/config';
import { E2E } from './ports';

/** The test's own view of the account (the public Azurite key), for ground truth only. */
export function storage(): BlobServiceClient {
  return new BlobServiceClient(
    `http://127.0.0.1:${E2E.blobPort}/${AZURITE_ACCOUNT}`,
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  );
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/blob-storage');
}

/** `YYYY-MM-DDTHH:mm` in UTC, what the datetime-local fields take when the Timezone is UTC. */
export function utcInput(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** The form fills its defaults once hydrated; typing before that would race React. */
export async function formReady(page: Page) {
  await expect(page.getByLabel('Initiation Date')).not.toHaveValue('');
}

export async function chooseTimeZone(page: Page, search: string, option: RegExp) {
  const box = page.getByLabel('Timezone');
  await box.fill(search);
  await page.getByRole('option', { name: option }).click();
}

export type GenerateOptions = { start?: Date; end?: Date; revoke?: boolean };

/** Fills the form as a person does (labels, UTC zone) and presses Generate new tokens. */
export async function submitTokens(
  page: Page,
  { start = new Date(), end = new Date(Date.now() + 2 * 86_400_000), revoke = false }: GenerateOptions = {},
) {
  await formReady(page);
  await chooseTimeZone(page, 'UTC', /\(UTC\)$/);
  await page.getByLabel('Initiation Date').fill(utcInput(start));
  await page.getByLabel('Expiration Date').fill(utcInput(end));
  await page.getByLabel('Revoke existing tokens').setChecked(revoke);
  await page.getByRole('button', { name: 'Generate new tokens' }).click();
}

export type Urls = { account: string; recordings: string; gimExport: string };

/** Generates and reads the three URLs back from their read-only fields. */
export async function generateTokens(page: Page, options: GenerateOptions = {}): Promise<Urls> {
  const recordingsField = page.getByLabel('RECORDINGS CONTAINER URL');
  const before = (await recordingsField.count()) > 0 ? await recordingsField.inputValue() : '';
  await submitTokens(page, options);
  await expect(recordingsField).toHaveValue(/sig=/);
  await expect(recordingsField).not.toHaveValue(before);
  return {
    account: await page.getByLabel('ACCOUNT CONTAINER URL').inputValue(),
    recordings: await recordingsField.inputValue(),
    gimExport: await page.getByLabel('GIM-EXPORT CONTAINER URL').inputValue(),
  };
}

/** `…/container?sas` + extra query, as the reference page's curl commands build them. */
export function withQuery(sasUrl: string, query: string): string {
  return `${sasUrl}&${query}`;
}

export function blobUrl(containerUrl: string, blobName: string): string {
  const [base, sas] = containerUrl.split('?') as [string, string];
  return `${base}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas}`;
}

export async function listStatus(containerUrl: string): Promise<number> {
  const res = await fetch(withQuery(containerUrl, 'restype=container&comp=list&maxresults=1'));
  await res.arrayBuffer();
  return res.status;
}

export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => decodeXml(m[1]!));
}

function decodeXml(text: string): string {
  return text
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Find Blobs by Tags with the account URL, following NextMarker to the end. */
export async function findByTags(accountUrl: string, where: string): Promise<string[]> {
  const names: string[] = [];
  let marker = '';
  do {
    const res = await fetch(
      withQuery(accountUrl, `comp=blobs&where=${encodeURIComponent(where)}${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`),
    );
    const xml = await res.text();
    expect(res.status, xml).toBe(200);
    names.push(...xmlValues(xml, 'Name'));
    marker = xmlValues(xml, 'NextMarker')[0] ?? '';
  } while (marker);
  return names;
}

export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

/** Every page and route handler under app/, as URLs (route groups dropped, dynamic segments filled). */
export type AppRoute = { url: string; kind: 'page' | 'route'; methods: string[] };

export function appRoutes(): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        const segment = /^\(.*\)$/.test(entry) ? null : entry.replace(/^\[\.{3}(.+)\]$/, 'x').replace(/^\[(.+)\]$/, 'x');
        walk(full, segment === null ? segments : [...segments, segment]);
      } else if (/^(page|route)\.tsx?$/.test(entry)) {
        const methods = [...readFileSync(full, 'utf8').matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
          (m) => m[1]!,
        );
        out.push({
          url: `/${segments.join('/')}`,
          kind: entry.startsWith('page') ? 'page' : 'route',
          methods: entry.startsWith('page') ? ['GET'] : methods,
        });
      }
    }
  };
  walk(path.join(process.cwd(), 'app'), []);
  return out;
}

/** The id of a server action, taken from a real request the page makes when `trigger` runs. */
export async function captureActionId(page: Page, trigger: () => Promise<unknown>): Promise<string> {
  const request = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await trigger();
  return (await request).headers()['next-action']!;
}

export function actionHeaders(actionId: string) {
  return { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' };
}

/** A GIM-export CSV the seed wrote, and its folder (for opening it in the browser). */
/** A seeded GIM export chunk: `export_…/export_….zip`, one CSV per table inside (previewed as tables). */
export async function gimExportZip(): Promise<{ name: string; folder: string }> {
  for await (const b of storage().getContainerClient('gim-export').listBlobsFlat()) {
    if (b.name.endsWith('.zip')) return { name: b.name, folder: b.name.slice(0, b.name.lastIndexOf('/') + 1) };
  }
  throw new Error('the seed wrote no GIM export chunk');
}
