import { describe, expect, it } from 'vitest';
import { decodeXml, parseErrorXml, parseListXml } from './list-xml';

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

  it('reads a Find Blobs by Tags answer, with each blob\'s container', () => {
    const xml = `<EnumerationResults ServiceEndpoint="x"><Where>@container='recordings' AND RecordingType = 'CALL'</Where><Blobs><Blob><Name>t/a.bin</Name><ContainerName>recordings</ContainerName><Tags><TagSet><Tag><Key>RecordingType</Key><Value>CALL</Value></Tag></TagSet></Tags></Blob></Blobs><NextMarker>abc</NextMarker></EnumerationResults>`;
    expect(parseListXml(xml)).toEqual({
      folders: [],
      blobs: [{ name: 't/a.bin', containerName: 'recordings', size: undefined, lastModified: undefined, contentType: undefined, tags: { RecordingType: 'CALL' } }],
      nextMarker: 'abc',
    });
  });

  it('reads an empty page and error bodies, and decodes numeric entities', () => {
    expect(parseListXml('<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>')).toEqual({ folders: [], blobs: [], nextMarker: undefined });
    expect(parseErrorXml('<Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.\nRequestId:x</Message></Error>')).toEqual({
      code: 'ContainerNotFound',
      message: 'The specified container does not exist.',
    });
    expect(decodeXml('&#x41;&#66;&quot;')).toBe('AB"');
  });
});
