/** An audit record's details as short `key: value` lines. */
export function AuditDetails({ details }: { details?: Record<string, unknown> }) {
  if (!details) return null;
  return (
    <dl className="kv">
      {Object.entries(details).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            {Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
