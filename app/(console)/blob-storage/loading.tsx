export default function Loading() {
  return (
    <section className="panel" aria-busy="true">
      <p className="hint">Reading the containers&apos; stored access policies…</p>
    </section>
  );
}
