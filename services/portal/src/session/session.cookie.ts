/** Name and flags of the session cookie. `__Host-` (Secure, Path=/, no Domain) wherever the portal is served over https. */
export interface CookiePolicy {
  readonly name: string;
  readonly secure: boolean;
}

export function cookiePolicy(publicUrl: string, production: boolean): CookiePolicy {
  const secure = production || publicUrl.startsWith('https://');
  return { name: secure ? '__Host-ketenpad-session' : 'ketenpad-session', secure };
}

/** The Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax, Path=/, Secure over https. */
export function sessionCookie(policy: CookiePolicy, value: string, maxAgeSeconds?: number): string {
  return [
    `${policy.name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(policy.secure ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ].join('; ');
}

export function clearedSessionCookie(policy: CookiePolicy): string {
  return sessionCookie(policy, '', 0);
}

/** The value of one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
