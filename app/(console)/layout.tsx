import { NavLink } from '@/components/nav-link';

export default function ConsoleLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="app-header">
        <div className="product">
          <span className="logo" aria-hidden="true" />
          Agent Setup
        </div>
        <nav aria-label="Sections">
          <NavLink href="/blob-storage">Contact Center Settings</NavLink>
        </nav>
        <div className="spacer" />
      </header>
      <div className="shell">
        <nav className="side-nav" aria-label="Contact Center Settings">
          <h2>Contact Center Settings</h2>
          <ul>
            <li>
              <NavLink href="/blob-storage">Blob Storage</NavLink>
            </li>
          </ul>
        </nav>
        <main id="content">{children}</main>
      </div>
    </>
  );
}
