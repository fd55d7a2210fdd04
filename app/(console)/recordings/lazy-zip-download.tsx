'use client';

import type { ComponentProps } from 'react';
import { lazyPart } from '@/components/lazy-part';
import type { ZipDownload } from './zip-download';

// The zip button's code (streaming, the save picker, the reader of the zip's end) loads when a zip
// button is first shown, not with the page; until then the same button shows, disabled.
const zipPart = lazyPart(() => import('./zip-download').then((m) => m.ZipDownload));

/** Starts loading the zip button early (when a search starts), so it is there with the results. */
export const preloadZipDownload = () => void zipPart.load().catch(() => undefined);

export function LazyZipDownload(props: ComponentProps<typeof ZipDownload>) {
  const zip = zipPart.useLoaded(true);
  if (zip.part) return <zip.part {...props} />;
  return (
    <span className="zip-download">
      <button type="button" className="btn btn-small btn-primary" disabled>
        {props.label}
      </button>
      {zip.failed && (
        <span role="status" className="error">
          The download could not be prepared.{' '}
          <button type="button" className="btn-link" onClick={zip.retry}>
            Try again
          </button>
        </span>
      )}
    </span>
  );
}
