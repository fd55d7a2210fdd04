'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/lib/auth';
import { safeCallbackPath, signInMessage, signInSchema, type SignInState } from '@/lib/validations/sign-in';

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    username: form.get('username'),
    password: form.get('password'),
    callbackUrl: form.get('callbackUrl') ?? undefined,
  });
  const username = typeof form.get('username') === 'string' ? String(form.get('username')).slice(0, 128) : '';
  if (!parsed.success) {
    return { username, message: 'Enter your username and password.', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    await signIn('credentials', {
      username: parsed.data.username,
      password: parsed.data.password,
      redirectTo: safeCallbackPath(parsed.data.callbackUrl),
    });
  } catch (error) {
    // signIn redirects by throwing on success; only Auth.js's own errors are answers to show.
    if (!(error instanceof AuthError)) throw error;
    return { username, message: signInMessage(error.type, 'code' in error ? String(error.code) : undefined) };
  }
  return { username };
}
