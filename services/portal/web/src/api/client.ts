import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/**
 * The app's one way to talk to the chain: through the portal (BFF), which
 * forwards `/api/<service>/<path>` to that service's `/api/v1/<path>` with the
 * signed-in user's token. Every non-2xx answer becomes an {@link ApiError}.
 */

/** The services the portal forwards to. */
export type ServiceName = 'municipality' | 'social-work' | 'court-liaison' | 'gp' | 'timeline' | 'partner-gateway';

/** The services' one error shape (libs/runtime/src/http/error-response.ts), as far as the app reads it. */
interface ErrorBody {
  /** The portal's own short code: `service-unavailable`, `csrf`, `not-found`. */
  error?: string;
  message?: string | string[];
  /** 400 validation failures: every message per dotted field path. */
  errors?: { field: string; messages: string[] }[];
  /** The portal's own 400s (dev sign-in) name fields this way. */
  fields?: Record<string, string[]>;
  /** The portal's 502: which service did not answer. */
  service?: string;
}

/** A non-2xx answer (or no answer at all: status 0) from the portal or a service behind it. */
export class ApiError extends Error {
  readonly fieldErrors: Record<string, string[]>;

  constructor(
    readonly status: number,
    readonly body: unknown,
    message?: string,
  ) {
    super(message ?? messageOf(body) ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.fieldErrors = fieldErrorsOf(body);
  }

  /** The portal could not reach the service (502/503/504) or the browser could not reach the portal (0). */
  get serviceUnavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  /** The service named in the portal's 502 answer, if any. */
  get service(): string | undefined {
    const body = this.body as ErrorBody | null | undefined;
    return typeof body?.service === 'string' ? body.service : undefined;
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? body : undefined;
  const { message } = body as ErrorBody;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : undefined;
}

function fieldErrorsOf(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (typeof body !== 'object' || body === null) return out;
  const { errors, fields } = body as ErrorBody;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e?.field === 'string' && Array.isArray(e.messages))
        out[e.field] = [...(out[e.field] ?? []), ...e.messages];
    }
  }
  if (fields && typeof fields === 'object') {
    for (const [field, messages] of Object.entries(fields))
      if (Array.isArray(messages)) out[field] = messages.map(String);
  }
  return out;
}

/** The signed-in user as the portal describes them. */
export interface SessionUser {
  subject: string;
  organisation: { id: string; kind: string; name: string; municipalityCode?: string };
  roles: string[];
}

/** What `GET /auth/session` answers. */
export type Session =
  | { signedIn: false; methods: { dev: boolean; oidc: boolean } }
  | { signedIn: true; user: SessionUser; csrfToken: string; expiresAt: string };

/** The session's CSRF token, kept by {@link useSession} for state-changing calls. */
let csrfToken: string | undefined;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A call to the portal itself (`/auth/...`) or through it (`/api/...`): JSON in
 * and out, the CSRF token on every state-changing call. A 401 from the API
 * proxy means the session ended: the window hears `ketenpad:signed-out`.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') {
      csrfToken ??= await currentCsrfToken();
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
    }
    try {
      return await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, undefined, error instanceof Error ? error.message : 'network error');
    }
  };
  let response = await send();
  let answer = await readBody(response);
  if (method !== 'GET' && response.status === 403 && (answer as ErrorBody | undefined)?.error === 'csrf') {
    // The token belongs to an earlier session (signed in again in another tab): fetch the current one, once.
    csrfToken = undefined;
    response = await send();
    answer = await readBody(response);
  }
  if (!response.ok) {
    if (response.status === 401 && url.startsWith('/api/')) window.dispatchEvent(new Event('ketenpad:signed-out'));
    throw new ApiError(response.status, answer);
  }
  return answer as T;
}

async function currentCsrfToken(): Promise<string | undefined> {
  try {
    const response = await fetch('/auth/session', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const session = (await response.json()) as Partial<{ csrfToken: string }>;
    return session.csrfToken;
  } catch {
    return undefined;
  }
}

function urlOf(service: ServiceName, path: string, query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/${service}${path}${search ? `?${search}` : ''}`;
}

/** GET `/api/<service><path>?<query>`; undefined and empty query values are left out. */
export function apiGet<T>(
  service: ServiceName,
  path: string,
  query?: Record<string, string | number | undefined>,
): Promise<T> {
  return request<T>('GET', urlOf(service, path, query));
}

/** A state-changing call with a JSON body and the session's CSRF token. */
export function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  service: ServiceName,
  path: string,
  body?: unknown,
): Promise<T> {
  return request<T>(method, urlOf(service, path), body);
}

/** The session (TanStack query on `GET /auth/session`); keeps the CSRF token for state-changing calls. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const session = await request<Session>('GET', '/auth/session');
      csrfToken = session.signedIn ? session.csrfToken : undefined;
      return session;
    },
    staleTime: 60_000,
  });
}

/** What the live stream says: this pathway changed (no data; the app refetches). */
export interface PathwayChanged {
  pathwayId: string;
  at: string;
}

/**
 * Live updates from `/api/live` (server-sent events): on `pathway-changed` the
 * queries of that pathway (`['pathway', id, …]`) and the caseload and dashboard
 * lists are refetched, then `onChange` runs. EventSource reconnects by itself;
 * the stream closes on unmount.
 */
export function useLiveUpdates(pathwayId?: string, onChange?: (change: PathwayChanged) => void): void {
  const queryClient = useQueryClient();
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    const source = new EventSource(`/api/live${pathwayId ? `?pathwayId=${encodeURIComponent(pathwayId)}` : ''}`);
    const changed = (event: MessageEvent<string>) => {
      let change: PathwayChanged;
      try {
        change = JSON.parse(event.data) as PathwayChanged;
      } catch {
        return;
      }
      void Promise.all([
        queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes(change.pathwayId) }),
        queryClient.invalidateQueries({ queryKey: ['caseload'] }),
        queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      ]).then(() => callback.current?.(change));
    };
    source.addEventListener('pathway-changed', changed as EventListener);
    return () => {
      source.removeEventListener('pathway-changed', changed as EventListener);
      source.close();
    };
  }, [pathwayId, queryClient]);
}
