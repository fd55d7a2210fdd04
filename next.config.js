/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // forbidden() and unauthorized() answer 403 and 401 from pages and server actions.
  // proxyClientMaxBodySize: what the proxy (proxy.ts) buffers of a body, 10 MB by default; no route
  // reads more than 1 MB (scripts/serve.mjs refuses a larger body before it reaches Next.js at all).
  experimental: {
    serverMinification: process.env.PROFILE_BUILD ? false : true,
    authInterrupts: true,
    proxyClientMaxBodySize: '1mb',
    serverActions: { bodySizeLimit: '1mb' },
  },
  reactStrictMode: true,
  // The build checks the app without the tests (tsconfig.build.json); `npm run typecheck` checks all.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  async redirects() {
    return [{ source: '/', destination: '/blob-storage', permanent: false }];
  },
  // Static assets get the same referrer policy and nosniff as the pages (proxy.ts covers the rest).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
      // The tab icon: Next.js sends it with max-age=0, so every page load, and every view change
      // (the Recordings page's find or folder, which replaces the URL), fetched it again through
      // Next.js. A day is safe: the pages link it with its content hash.
      { source: '/icon.svg', headers: [{ key: 'Cache-Control', value: 'public, max-age=86400' }] },
    ];
  },
  // The SDK and Azurite are server-side Node packages; keep them out of the bundler.
  serverExternalPackages: ['@azure/storage-blob', '@azure/data-tables'],
};

module.exports = nextConfig;
