import { auditFilterSchema, csvHeader, csvRow } from '@/lib/audit/records';
import { allAudit } from '@/lib/audit/store';
import { routeUser } from '@/lib/auth/guard';

const EXPORT_LIMIT = 100_000;

/** The filtered audit records as CSV, streamed page by page. */
export async function GET(request: Request) {
  const user = await routeUser('admin');
  if (user instanceof Response) return user;
  const params = new URL(request.url).searchParams;
  const parsed = auditFilterSchema.safeParse({
    user: params.get('user') ?? undefined,
    action: params.get('action') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  });
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues.map((i) => i.message).join(' ') }, { status: 400 });
  }
  const records = allAudit(parsed.data, EXPORT_LIMIT);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      try {
        const next = await records.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRow(next.value)));
      } catch {
        controller.error(new Error('The audit trail could not be read to the end.'));
      }
    },
    async cancel() {
      await records.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
