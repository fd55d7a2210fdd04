import { describe, expect, it } from 'vitest';
import { AZURITE_KEY, ConfigError, parseConfig, storageFromConnectionString } from './config';

describe('parseConfig', () => {
  it('defaults to the embedded Azurite and the two Genesys containers', () => {
    const c = parseConfig({});
    expect(c.embedded).toBe(true);
    expect(c.containers).toEqual(['recordings', 'gim-export']);
    expect(c.sasMaxDays).toBe(365);
    expect(c.retentionDays).toBe(30);
    expect(c.port).toBe(3000);
    expect(c.storage).toEqual({
      accountName: 'devstoreaccount1',
      accountKey: AZURITE_KEY,
      blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1',
      tableEndpoint: 'http://127.0.0.1:10002/devstoreaccount1',
    });
  });

  it('uses a real account from its connection string', () => {
    const c = parseConfig({
      AZURE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=tenant1;AccountKey=abc==;EndpointSuffix=core.windows.net',
      SAS_CONTAINERS: 'recordings, gim-export ,screens',
    });
    expect(c.embedded).toBe(false);
    expect(c.storage.blobEndpoint).toBe('https://tenant1.blob.core.windows.net');
    expect(c.storage.tableEndpoint).toBe('https://tenant1.table.core.windows.net');
    expect(c.storage.accountKey).toBe('abc==');
    expect(c.containers).toEqual(['recordings', 'gim-export', 'screens']);
  });

  it('names the variable in every refusal', () => {
    const fails = (env: Record<string, string>, pattern: RegExp) => {
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(pattern);
    };
    fails({ PORT: 'eighty' }, /PORT must be a whole number from 1 to 65535 \(got "eighty"\)/);
    fails({ SAS_MAX_DAYS: '0' }, /SAS_MAX_DAYS must be a whole number/);
    fails({ SAS_CONTAINERS: 'Recordings,ok-name' }, /SAS_CONTAINERS .* not valid: Recordings/);
    fails({ AZURE_STORAGE_CONNECTION_STRING: 'AccountName=x' }, /AZURE_STORAGE_CONNECTION_STRING needs AccountName and AccountKey/);
    fails(
      { AZURE_STORAGE_CONNECTION_STRING: 'AccountName=x;AccountKey=y;BlobEndpoint=ftp://nope' },
      /AZURE_STORAGE_CONNECTION_STRING has an invalid blob endpoint/,
    );
    const sso = { OIDC_ISSUER: 'https://login.example/', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' };
    fails({ ...sso, AUTH_URL: 'http://127.0.0.1:3000' }, /AUTH_URL names a loopback address.*use http:\/\/localhost:3000/);
    fails({ OIDC_ISSUER: 'https://login.example/' }, /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together/);
    expect(parseConfig({ ...sso, AUTH_URL: 'http://localhost:3000' }).auth.oidc?.issuer).toBe('https://login.example/');
  });

  it('understands UseDevelopmentStorage=true', () => {
    expect(storageFromConnectionString('UseDevelopmentStorage=true').accountName).toBe('devstoreaccount1');
  });
});
