'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { Spinner } from '@/components/ui/spinner';
import type { SignInState } from '@/lib/validations/sign-in';
import { signInAction } from './actions';

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="btn btn-primary" disabled={pending}>
      {pending && <Spinner />}
      {pending ? 'Signing in…' : 'Sign in'}
    </button>
  );
}

export function SignInForm({ callbackUrl, initialMessage }: { callbackUrl: string; initialMessage?: string }) {
  const [state, action] = useActionState<SignInState, FormData>(signInAction, { message: initialMessage });
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="field">
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autoComplete="username"
          // Signing in is the page's one job and this is its first field, so no context is skipped.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          required
          defaultValue={state.username}
          aria-invalid={errors.username ? true : undefined}
          aria-describedby={errors.username ? 'username-error' : undefined}
        />
        {errors.username && (
          <span id="username-error" className="error">
            {errors.username[0]}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'password-error' : undefined}
        />
        {errors.password && (
          <span id="password-error" className="error">
            {errors.password[0]}
          </span>
        )}
      </div>
      <div aria-live="polite" role="status">
        {state.message && <p className="alert alert-error">{state.message}</p>}
      </div>
      <SubmitButton />
    </form>
  );
}
