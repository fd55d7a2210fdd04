import Link from 'next/link';

export default function Unauthorized() {
  return (
    <main className="auth-page" id="content">
      <section className="panel auth-card">
        <h1>Sign in required</h1>
        <p>Your session has ended (it expires after a period of inactivity). Sign in again to continue.</p>
        <Link href="/sign-in">Sign in</Link>
      </section>
    </main>
  );
}
