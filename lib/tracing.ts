// OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (instrumentation.ts starts them):
// Next.js makes a span for each request, and each storage call gets one of its own, named for what it
// did and in which container. No span carries a URL's query string, so no SAS signature leaves in one.
import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('blob-storage-console');

/** What a storage URL may say in a span: the container (the path's first segment after the account), never the query. */
export function storageTarget(url: string, accountName: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const [first, second] = segments[0] === accountName ? segments.slice(1) : segments;
  return first ? (second ? `${decodeURIComponent(first)}/…` : decodeURIComponent(first)) : '(account)';
}

/** Runs one storage call inside a span (a no-op when tracing is off: the API's default tracer records nothing). */
export function storageSpan<T>(operation: string, target: string, call: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(
    `storage ${operation}`,
    { attributes: { 'storage.operation': operation, 'storage.target': target } },
    async (span: Span) => {
      try {
        const result = await call();
        const status =
          (result as { status?: number; statusCode?: number } | undefined)?.status ??
          (result as { statusCode?: number } | undefined)?.statusCode;
        if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
        const status = (error as { statusCode?: number }).statusCode;
        if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
