import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="auth-page" id="content">
      <section className="panel auth-card">
        <h1>Not allowed</h1>
        <p>Your role does not allow this page or action. Ask an administrator if you need it.</p>
        <Link href="/blob-storage">Back to Blob Storage</Link>
      </section>
    </main>
  );
}
