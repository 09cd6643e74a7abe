/** What the SDK's ApiException carries. */
export interface CaughtApiError {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Awaits a call that must fail through the SDK and returns its status, parsed body and headers. */
export async function apiError(call: Promise<unknown>): Promise<CaughtApiError> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: unknown; body?: unknown; headers?: unknown };
    if (typeof e.code !== 'number') throw error;
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as Record<string, unknown>) : ((e.body ?? {}) as Record<string, unknown>);
    return { code: e.code, body, headers: (e.headers ?? {}) as Record<string, string> };
  }
  throw new Error('expected the HubSpot call to fail');
}
