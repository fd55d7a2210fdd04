import { headers } from 'next/headers';

// A browser's first use of Intl loads its locale and time zone data: ~85 ms of main-thread time in
// this machine's Chromium, paid during hydration by the first date the page formats (the token
// form's zone, the tables' dates). Asked for here, while the HTML is parsed and the page's scripts
// are still downloading (the main thread is idle then), it is ready when hydration needs it.
const WARM_UP = 'try{Intl.DateTimeFormat().resolvedOptions().timeZone}catch(e){}';

export async function IntlWarmUp() {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: WARM_UP }} />;
}
