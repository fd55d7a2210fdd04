import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth';
import { currentUser } from '@/lib/auth/guard';
import { atLocalhost } from '@/lib/auth/loopback';
import { env } from '@/lib/env';
import { safeCallbackPath, signedOutMessage, signInMessage } from '@/lib/validations/sign-in';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string; code?: string; signedOut?: string; expired?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const { oidc, publicUrl } = env().auth;
  const initialMessage = params.error ? signInMessage(params.error, params.code) : undefined;
  // Reached at a loopback address, single sign-on has to start from localhost (see lib/auth/loopback.ts).
  // The host is read as Auth.js reads it; with AUTH_URL set, Auth.js uses that instead (never loopback).
  const requestHeaders = await headers();
  const host = oidc && !publicUrl ? (requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host')) : null;
  const ssoOrigin = host && URL.canParse(`http://${host}`) ? atLocalhost(new URL(`http://${host}`)) : undefined;
  const ssoPage = ssoOrigin && new URL(`/sign-in?${new URLSearchParams({ callbackUrl })}`, ssoOrigin);

  async function signInWithOidc() {
    'use server';
    await signIn('oidc', { redirectTo: callbackUrl });
  }

  return (
    <main className="auth-page" id="content">
      <section className="panel auth-card" aria-labelledby="sign-in-heading">
        <div className="product auth-product">
          <span className="logo" aria-hidden="true" /> Agent Setup
        </div>
        <h1 id="sign-in-heading">Sign in</h1>
        <p className="hint">Blob Storage console for contact center administrators.</p>
        {params.signedOut && <p className="alert alert-info">{signedOutMessage(params.signedOut)}</p>}
        <SignInForm callbackUrl={callbackUrl} initialMessage={initialMessage} />
        {oidc && ssoPage && (
          <div className="sso">
            <a className="btn" href={ssoPage.href}>
              Sign in with {oidc.name}
            </a>
            <p className="hint">Single sign-on runs at {ssoPage.host}: this opens the sign-in page there.</p>
          </div>
        )}
        {oidc && !ssoPage && (
          <form action={signInWithOidc} className="sso">
            <button type="submit" className="btn">
              Sign in with {oidc.name}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
