import { IntlWarmUp } from '@/components/intl-warm-up';
import { NavLink } from '@/components/nav-link';
import { NavMenu } from '@/components/nav-menu';
import { requirePageUser } from '@/lib/auth/guard';
import { signOutAction, signOutEverywhereAction } from './actions';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser('viewer', '/blob-storage');
  return (
    <>
      <IntlWarmUp />
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="app-header">
        <div className="product">
          <span className="logo" aria-hidden="true" />
          Agent Setup
        </div>
        <NavMenu>
          <nav aria-label="Sections">
            <NavLink href="/blob-storage" also={['/recordings', '/interactions']}>
              Contact Center Settings
            </NavLink>
            {user.role === 'admin' && <NavLink href="/audit">Audit</NavLink>}
          </nav>
          <div className="spacer" />
          <div className="user">
            <span>
              Signed in as <strong>{user.display ?? user.name}</strong> <span className="role-badge">{user.role}</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="btn btn-small btn-on-dark">
                Sign out
              </button>
            </form>
            <form action={signOutEverywhereAction}>
              <button type="submit" className="btn btn-small btn-on-dark" title="Ends every session of yours, in every browser">
                Sign out everywhere
              </button>
            </form>
          </div>
        </NavMenu>
      </header>
      <div className="shell">
        <nav className="side-nav" aria-label="Contact Center Settings">
          <h2>Contact Center Settings</h2>
          <ul>
            <li>
              <NavLink href="/blob-storage">Blob Storage</NavLink>
            </li>
            <li>
              <NavLink href="/recordings">Recordings</NavLink>
            </li>
            <li>
              <NavLink href="/interactions">Interactions</NavLink>
            </li>
          </ul>
        </nav>
        <main id="content">{children}</main>
      </div>
    </>
  );
}
