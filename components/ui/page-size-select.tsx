'use client';

/** The "Page size" choice of a paged list (recordings, interactions). */
export function PageSizeSelect({
  id,
  value,
  sizes,
  onChange,
}: {
  id: string;
  value: number;
  sizes: readonly number[];
  onChange: (size: number) => void;
}) {
  return (
    <div className="field inline-field">
      <label htmlFor={id}>Page size</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {sizes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}
