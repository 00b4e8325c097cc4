import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The Prometheus registry of one app instance. Each app module gets its own registry (not
 * prom-client's global one) so several apps booted in one test process never collide.
 * Libraries register their gauges and counters here; `GET /metrics` exposes them.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(service = 'app') {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
