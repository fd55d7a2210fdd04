import 'server-only';
// Starts OpenTelemetry's tracer for this process, exporting OTLP over HTTP (JSON) to `endpoint`.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { version } from '../package.json';

export function startTracing(endpoint: string): void {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'blob-storage-console', 'service.version': version }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }), { scheduledDelayMillis: 1_000 }),
    ],
  });
  provider.register();
}
