const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why a callback URL is refused, or null when it is acceptable. Production
 * takes only `https`; development and tests also take `http` to loopback, so
 * a partner's endpoint can run on the same machine. Credentials in the URL
 * are refused: they would be stored and logged as part of it.
 */
export function callbackUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'callbackUrl must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'callbackUrl must not contain credentials';
  if (url.hash !== '') return 'callbackUrl must not contain a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && !production && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return production
    ? 'callbackUrl must use https'
    : 'callbackUrl must use https (http only to a loopback address in development)';
}
