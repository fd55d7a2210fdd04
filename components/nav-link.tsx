'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A navigation link that marks itself as the current page (for screen readers and the highlight). */
export function NavLink({ href, also = [], children }: { href: string; also?: string[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = [href, ...also].some((h) => pathname === h || pathname.startsWith(`${h}/`));
  return (
    <Link href={href} aria-current={current ? 'page' : undefined} prefetch={false}>
      {children}
    </Link>
  );
}
