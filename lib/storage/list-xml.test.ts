import { describe, expect, it } from 'vitest';
import { aclXml, decodeXml, httpDateToIso, parseAclXml, parseErrorXml, parseListXml } from './list-xml';

const sample = `<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://t.blob.core.windows.net/" ContainerName="recordings">
  <Prefix>mytenant/</Prefix><MaxResults>2</MaxResults><Delimiter>/</Delimiter>
  <Blobs>
    <Blob><Name>mytenant/a&amp;b &lt;1&gt;.mp3.bin</Name><Properties><Creation-Time>Fri, 21 May 2021 06:21:34 GMT</Creation-Time><Last-Modified>Fri, 21 May 2021 06:21:34 GMT</Last-Modified><Etag>0x8D91C20AE6F18A7</Etag><Content-Length>25216</Content-Length><Content-Type>application/octet-stream</Content-Type><Content-MD5>k0DUvvcVv1f+wZXECIy9dw==</Content-MD5></Properties><Tags><TagSet><Tag><Key>RecordingType</Key><Value>CALL</Value></Tag><Tag><Key>StoredTime</Key><Value>2021-05-21T06:21:34Z</Value></Tag></TagSet></Tags></Blob>
    <Blob><Name>mytenant/empty.bin</Name><Properties><Last-Modified>Sat, 22 May 2021 00:00:00 GMT</Last-Modified><Content-Length>0</Content-Length><Content-Type /></Properties></Blob>
    <BlobPrefix><Name>mytenant/sub/</Name></BlobPrefix>
  </Blobs>
  <NextMarker>2!96!bWFya2Vy</NextMarker>
</EnumerationResults>`;

describe('parseListXml', () => {
  it('reads names, properties, tags, folders and the marker', () => {
    expect(parseListXml(sample)).toEqual({
      folders: ['mytenant/sub/'],
      blobs: [
        {
          name: 'mytenant/a&b <1>.mp3.bin',
          size: 25216,
          lastModified: '2021-05-21T06:21:34.000Z',
          contentType: 'application/octet-stream',
          tags: { RecordingType: 'CALL', StoredTime: '2021-05-21T06:21:34Z' },
        },
        { name: 'mytenant/empty.bin', size: 0, lastModified: '2021-05-22T00:00:00.000Z', contentType: undefined, tags: undefined },
      ],
      nextMarker: '2!96!bWFya2Vy',
    });
  });

  it("reads a Find Blobs by Tags answer, with each blob's container", () => {
    const xml = `<EnumerationResults ServiceEndpoint="x"><Where>@container='recordings' AND RecordingType = 'CALL'</Where><Blobs><Blob><Name>t/a.bin</Name><ContainerName>recordings</ContainerName><Tags><TagSet><Tag><Key>RecordingType</Key><Value>CALL</Value></Tag></TagSet></Tags></Blob></Blobs><NextMarker>abc</NextMarker></EnumerationResults>`;
    expect(parseListXml(xml)).toEqual({
      folders: [],
      blobs: [
        {
          name: 't/a.bin',
          containerName: 'recordings',
          size: undefined,
          lastModified: undefined,
          contentType: undefined,
          tags: { RecordingType: 'CALL' },
        },
      ],
      nextMarker: 'abc',
    });
  });

  it('reads an empty page and error bodies, and decodes numeric entities', () => {
    expect(parseListXml('<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>')).toEqual({
      folders: [],
      blobs: [],
      nextMarker: undefined,
    });
    expect(
      parseErrorXml('<Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.\nRequestId:x</Message></Error>'),
    ).toEqual({
      code: 'ContainerNotFound',
      message: 'The specified container does not exist.',
    });
    expect(decodeXml('&#x41;&#66;&quot;')).toBe('AB"');
  });
});

describe('names Azure had to encode', () => {
  // The List Blobs answer's form for names with characters XML cannot carry (here U+0001 and U+FFFE):
  // the Name element says Encoded="true" and holds the name percent-encoded.
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://myaccount.blob.core.windows.net/" ContainerName="recordings">
  <Prefix>mytenant/</Prefix>
  <Delimiter>/</Delimiter>
  <Blobs>
    <Blob>
      <Name Encoded="true">mytenant%2Fcall%01%EF%BF%BE.mp3.bin</Name>
      <Properties><Content-Length>42</Content-Length><Content-Type>application/octet-stream</Content-Type></Properties>
    </Blob>
    <Blob>
      <Name>mytenant/plain &amp; simple.mp3.bin</Name>
      <Properties><Content-Length>7</Content-Length></Properties>
    </Blob>
    <BlobPrefix>
      <Name Encoded="true">mytenant%2Fodd%02folder%2F</Name>
    </BlobPrefix>
    <BlobPrefix>
      <Name>mytenant/2026/</Name>
    </BlobPrefix>
  </Blobs>
  <NextMarker />
</EnumerationResults>`;

  it('gives the decoded name for blobs and folders', () => {
    const page = parseListXml(xml);
    expect(page.blobs.map((b) => b.name)).toEqual(['mytenant/call\u0001\ufffe.mp3.bin', 'mytenant/plain & simple.mp3.bin']);
    expect(page.blobs[0]!.size).toBe(42);
    expect(page.folders).toEqual(['mytenant/odd\u0002folder/', 'mytenant/2026/']);
  });

  it('keeps a name whose encoding is broken as it came, rather than failing the page', () => {
    expect(parseListXml('<Blobs><Blob><Name Encoded="true">bad%E0%A4%A</Name></Blob></Blobs>').blobs[0]!.name).toBe('bad%E0%A4%A');
  });

  it('reads an invalid numeric character reference as U+FFFD instead of throwing', () => {
    expect(decodeXml('a&#x110000;b&#xD800;c&#99999999999;')).toBe('a\ufffdb\ufffdc\ufffd');
  });
});

describe('the one-pass reader', () => {
  it('reads only the properties it names, wherever they stand, and an empty Properties or TagSet', () => {
    const xml = `<EnumerationResults><Blobs>
      <Blob><Name>a</Name><Properties><Content-TypeX>no</Content-TypeX><Etag>0x1</Etag><Content-Type>audio/mpeg; a=&quot;b&quot;</Content-Type><Content-Length>12</Content-Length></Properties><Tags><TagSet /></Tags></Blob>
      <Blob><Name>b</Name><Properties /><Tags><TagSet><Tag><Key>K&amp;1</Key><Value>&lt;v&gt;</Value></Tag><Tag><Key>E</Key><Value /></Tag></TagSet></Tags></Blob>
      <Blob><Name>c</Name><Properties><Last-Modified>Sun, 29 Feb 2021 00:00:00 GMT</Last-Modified></Properties></Blob>
    </Blobs><NextMarker>m&amp;1</NextMarker></EnumerationResults>`;
    expect(parseListXml(xml)).toEqual({
      folders: [],
      blobs: [
        { name: 'a', size: 12, lastModified: undefined, contentType: 'audio/mpeg; a="b"', tags: {} },
        { name: 'b', size: undefined, lastModified: undefined, contentType: undefined, tags: { 'K&1': '<v>', E: '' } },
        // A day February 2021 did not have: read as Date reads it.
        { name: 'c', size: undefined, lastModified: '2021-03-01T00:00:00.000Z', contentType: undefined, tags: undefined },
      ],
      nextMarker: 'm&1',
    });
  });

  it('keeps every tag key Azure allows, __proto__ included, as a plain key', () => {
    const page = parseListXml(
      '<Blobs><Blob><Name>a</Name><Tags><TagSet><Tag><Key>__proto__</Key><Value>x</Value></Tag><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tags></Blob></Blobs>',
    );
    expect(Object.entries(page.blobs[0]!.tags!)).toEqual([
      ['__proto__', 'x'],
      ['k', 'v'],
    ]);
    expect(Object.getPrototypeOf(page.blobs[0]!.tags)).toBe(Object.prototype);
  });

  it('leaves a date nobody can read out rather than failing the page', () => {
    const page = parseListXml('<Blobs><Blob><Name>x</Name><Properties><Last-Modified>soon</Last-Modified></Properties></Blob></Blobs>');
    expect(page.blobs[0]).toEqual({ name: 'x', size: undefined, lastModified: undefined, contentType: undefined, tags: undefined });
  });
});

describe('httpDateToIso', () => {
  it('reads storage dates as Date does', () => {
    for (const value of [
      'Wed, 02 Dec 2026 06:18:20 GMT',
      'Sat, 29 Feb 2020 23:59:59 GMT',
      'Mon, 01 Jan 1601 00:00:00 GMT',
      'Sun, 29 Feb 2021 00:00:00 GMT',
      'Thu, 31 Apr 2025 12:00:00 GMT',
      '2021-05-21T06:21:34Z',
    ])
      expect(httpDateToIso(value), value).toBe(new Date(value).toISOString());
    expect(httpDateToIso('Wed, 02 Dec 2026 24:00:00 GMT')).toBe(new Date('Wed, 02 Dec 2026 24:00:00 GMT').toISOString());
    expect(httpDateToIso('not a date')).toBeUndefined();
  });
});

describe('stored access policies XML', () => {
  it('reads what it writes, escaping ids, with optional dates and permissions left out', () => {
    const xml = aclXml([
      { id: 'a&<b>', startsOn: new Date('2026-12-01T10:00:00.123Z'), expiresOn: new Date('2026-12-03T10:00:00Z'), permissions: 'rl' },
      { id: 'bare' },
    ]);
    expect(xml).toContain('<Start>2026-12-01T10:00:00.1230000Z</Start>');
    expect(parseAclXml(xml)).toEqual([
      { id: 'a&<b>', start: '2026-12-01T10:00:00.1230000Z', expiry: '2026-12-03T10:00:00.0000000Z', permission: 'rl' },
      { id: 'bare' },
    ]);
  });

  it("reads storage's own answer, and an empty list", () => {
    const answer =
      '\ufeff<?xml version="1.0" encoding="utf-8"?><SignedIdentifiers><SignedIdentifier><Id>bsc-1</Id><AccessPolicy><Start>2026-12-01T10:00:00.0000000Z</Start><Expiry>2026-12-03T10:00:00.0000000Z</Expiry><Permission>rlf</Permission></AccessPolicy></SignedIdentifier></SignedIdentifiers>';
    expect(parseAclXml(answer)).toEqual([
      { id: 'bsc-1', start: '2026-12-01T10:00:00.0000000Z', expiry: '2026-12-03T10:00:00.0000000Z', permission: 'rlf' },
    ]);
    expect(parseAclXml('<?xml version="1.0" encoding="utf-8"?><SignedIdentifiers />')).toEqual([]);
  });
});
