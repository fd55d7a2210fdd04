import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Blob Storage · Agent Setup', template: '%s · Agent Setup' },
  description: 'Contact center Blob Storage console: SAS tokens, revocation and recordings.',
  referrer: 'same-origin',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
