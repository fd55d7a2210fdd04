import { auditFilterSchema } from '@/lib/audit/records';
import { auditCsvStream } from '@/lib/audit/store';
import { route } from '@/lib/http';

/** The filtered audit records as CSV, streamed page by page. */
export const GET = route({ role: 'admin', query: auditFilterSchema }, async ({ input }) => {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsvStream(input), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
