'use client';
// A small form state for forms checked by a zod schema that is loaded on first use: the values,
// each field's first message, and submitting. It replaces react-hook-form and its zod resolver
// (13.2 KB gzip on the Blob Storage page, which had reached its 160 KB budget) with what the token
// form uses of them, and behaves as they did ("onTouched"): a field is checked when it loses the
// focus, then at every change; a submit checks them all and focuses the first one wrong.
import { useCallback, useMemo, useRef, useState } from 'react';

type Issue = { path: readonly PropertyKey[]; message: string };
/** What a schema's safeParse answers, as far as this needs it. */
export type Parse = (values: unknown) => { success: true } | { success: false; error: { issues: readonly Issue[] } };

/** One message a field (or `root`, for the form itself). */
export type FormErrors<T> = Partial<Record<Extract<keyof T, string> | 'root', string>>;

/** Each field's first message, for the fields given. Pure. */
export function firstMessages<T>(issues: readonly Issue[], fields: readonly Extract<keyof T, string>[]): FormErrors<T> {
  const out: FormErrors<T> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (fields as readonly string[]).includes(field))
      out[field as Extract<keyof T, string>] ??= issue.message;
  }
  return out;
}

/**
 * The messages after one field was checked: that field's new message (or none), and for every
 * field already showing one, its new message too, so a message a change elsewhere answered goes
 * (an expiration "before the start" fixed by moving the start). Other fields stay quiet, and so do
 * the messages in `kept` (the server's, which this check cannot judge) but at the field checked. Pure.
 */
export function mergeChecked<T>(
  shown: FormErrors<T>,
  found: FormErrors<T>,
  checked: Extract<keyof T, string>,
  kept: ReadonlySet<string> = new Set(),
): FormErrors<T> {
  const out: FormErrors<T> = {};
  for (const field of new Set([checked, ...(Object.keys(shown) as Extract<keyof T, string>[])])) {
    if (field === 'root') continue;
    const message = field !== checked && kept.has(field) ? shown[field] : found[field];
    if (message) out[field] = message;
  }
  return out;
}

type Values = Record<string, string | boolean>;

export function useSchemaForm<T extends Values>(opts: {
  initial: T;
  /** The fields, in the order a submit looks for the first one wrong; each input's id is its name. */
  fields: readonly Extract<keyof T, string>[];
  /** The schema's check, loaded on first use (a lazyPart: zod and the schema are ~20 KB gzip nobody needs before touching the form). */
  parse: { load(): Promise<Parse> };
  /** Said at the form when the check could not load. */
  loadFailed: string;
}) {
  const { fields, parse, loadFailed } = opts;
  const [values, setValues] = useState<T>(opts.initial);
  const [errors, setErrors] = useState<FormErrors<T>>({});
  const [isSubmitting, setSubmitting] = useState(false);
  const current = useRef<T>(opts.initial);
  const touched = useRef(new Set<string>());
  const submitted = useRef(false);
  // Fields showing the server's message: kept until their own value changes.
  const fromServer = useRef(new Set<string>());

  /** The check's messages for these values; undefined when the check could not load (said at the form). */
  const check = useCallback(
    async (checked: T): Promise<FormErrors<T> | undefined> => {
      let run: Parse;
      try {
        run = await parse.load();
      } catch {
        setErrors((shown) => ({ ...shown, root: loadFailed }));
        return undefined;
      }
      const result = run(checked);
      return result.success ? {} : firstMessages<T>(result.error.issues, fields);
    },
    [parse, loadFailed, fields],
  );

  /** The values as they are once a check of them has answered (checked again if they changed meanwhile). */
  const settled = useCallback(async (): Promise<{ values: T; found: FormErrors<T> } | undefined> => {
    for (;;) {
      const values = current.current;
      const found = await check(values);
      if (!found) return undefined;
      if (current.current === values) return { values, found };
    }
  }, [check]);

  const checkField = useCallback(
    async (field: Extract<keyof T, string>) => {
      const result = await settled();
      if (result) setErrors((shown) => mergeChecked(shown, result.found, field, fromServer.current));
    },
    [settled],
  );

  const setValue = useCallback(
    <K extends Extract<keyof T, string>>(field: K, value: T[K], options: { check?: boolean } = {}) => {
      current.current = { ...current.current, [field]: value };
      fromServer.current.delete(field);
      setValues(current.current);
      if (options.check || touched.current.has(field) || submitted.current) void checkField(field);
    },
    [checkField],
  );

  const blur = useCallback(
    (field: Extract<keyof T, string>) => {
      touched.current.add(field);
      void checkField(field);
    },
    [checkField],
  );

  /** Sets every value afresh and forgets what was touched, checked or submitted. */
  const reset = useCallback((next: T) => {
    current.current = next;
    touched.current.clear();
    fromServer.current.clear();
    submitted.current = false;
    setValues(next);
    setErrors({});
  }, []);

  /** A message from elsewhere (the server's check) at a field, optionally focusing it. */
  const setError = useCallback((field: Extract<keyof T, string>, message: string, options: { focus?: boolean } = {}) => {
    fromServer.current.add(field);
    setErrors((shown) => ({ ...shown, [field]: message }));
    if (options.focus) document.getElementById(field)?.focus();
  }, []);

  const handleSubmit = useCallback(
    (onValid: (values: T) => Promise<void>) => async (event?: { preventDefault(): void }) => {
      event?.preventDefault();
      submitted.current = true;
      setSubmitting(true);
      try {
        // What is sent is what was checked: values changed during the check are checked again.
        const result = await settled();
        if (!result) return;
        fromServer.current.clear();
        setErrors(result.found);
        const first = fields.find((field) => result.found[field]);
        if (first) return void document.getElementById(first)?.focus();
        await onValid(result.values);
      } finally {
        setSubmitting(false);
      }
    },
    [settled, fields],
  );

  /** A text input's props. */
  const text = useCallback(
    (field: Extract<keyof T, string>) => ({
      name: field,
      value: String(values[field]),
      onChange: (e: { target: { value: string } }) => setValue(field, e.target.value as T[typeof field]),
      onBlur: () => blur(field),
    }),
    [values, setValue, blur],
  );
  /** A checkbox's props. */
  const checkbox = useCallback(
    (field: Extract<keyof T, string>) => ({
      name: field,
      checked: Boolean(values[field]),
      onChange: (e: { target: { checked: boolean } }) => setValue(field, e.target.checked as T[typeof field]),
      onBlur: () => blur(field),
    }),
    [values, setValue, blur],
  );

  return useMemo(
    () => ({ values, errors, isSubmitting, setValue, blur, reset, setError, handleSubmit, text, checkbox }),
    [values, errors, isSubmitting, setValue, blur, reset, setError, handleSubmit, text, checkbox],
  );
}

export type SchemaForm<T extends Values> = ReturnType<typeof useSchemaForm<T>>;
