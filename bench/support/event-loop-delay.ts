import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopDelay {
  /** Milliseconds. */
  p99: number;
  max: number;
}

/**
 * Watches how late this process's event loop runs timers, from now until `stop()`. A request the
 * limiter granted waits this long (at worst) before it leaves, which the limiter covers by moving
 * the request's slot to the time of HubSpot's answer.
 */
export function watchEventLoopDelay(): { stop(): EventLoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
    },
  };
}
