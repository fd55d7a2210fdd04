'use client';

/** Where the browser is: the container, then each folder of the prefix, each a way back up. */
export function Breadcrumb({ container, prefix, onOpen }: { container: string; prefix: string; onOpen: (prefix: string) => void }) {
  const crumbs = prefix.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder" className="crumbs">
      <h2 id="browse-heading" className="visually-hidden">
        Folder
      </h2>
      <ol>
        <li>
          <button type="button" className="btn-link" onClick={() => onOpen('')} aria-current={crumbs.length === 0 ? 'location' : undefined}>
            {container}
          </button>
        </li>
        {crumbs.map((c, i) => (
          <li key={i}>
            <button
              type="button"
              className="btn-link"
              aria-current={i === crumbs.length - 1 ? 'location' : undefined}
              onClick={() => onOpen(`${crumbs.slice(0, i + 1).join('/')}/`)}
            >
              {c}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
