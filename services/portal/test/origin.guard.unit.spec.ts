import { csrfTokenMatches, safeReturnTo, sameOrigin } from '../src/http/origin.guard';
import type { Session } from '../src/session/session.store';

describe('same-origin check', () => {
  const PUBLIC = 'https://portaal.ketenpad.example';

  it('accepts the public origin, from Origin or else from Referer', () => {
    // given requests from the portal's own pages
    // when checked in production
    // then both forms are accepted
    expect(sameOrigin({ origin: PUBLIC }, PUBLIC, false)).toBe(true);
    expect(sameOrigin({ referer: `${PUBLIC}/trajecten?x=1` }, PUBLIC, false)).toBe(true);
  });

  it('refuses other origins, a null origin, and a request with neither header', () => {
    // given requests from elsewhere
    // when checked in production
    // then they are refused
    expect(sameOrigin({ origin: 'https://evil.example' }, PUBLIC, false)).toBe(false);
    expect(sameOrigin({ origin: 'https://portaal.ketenpad.example.evil.example' }, PUBLIC, false)).toBe(false);
    expect(sameOrigin({ origin: 'null' }, PUBLIC, false)).toBe(false);
    expect(sameOrigin({ referer: 'not a url' }, PUBLIC, false)).toBe(false);
    expect(sameOrigin({}, PUBLIC, false)).toBe(false);
    // an Origin that disagrees wins over a matching Referer
    expect(sameOrigin({ origin: 'https://evil.example', referer: `${PUBLIC}/` }, PUBLIC, false)).toBe(false);
  });

  it('accepts localhost:3100 and the loopback address the request came to only in development', () => {
    // given the default development public URL
    const local = 'http://127.0.0.1:3100';

    // when requests come from localhost or through the Vite dev server
    // then development accepts them, production does not
    expect(sameOrigin({ origin: 'http://localhost:3100' }, local, true)).toBe(true);
    expect(sameOrigin({ origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' }, local, true)).toBe(true);
    expect(sameOrigin({ origin: 'http://127.0.0.1:5173', host: '127.0.0.1:3100' }, local, true)).toBe(false);
    expect(sameOrigin({ origin: 'http://evil.example:3100', host: 'evil.example:3100' }, local, true)).toBe(false);
    expect(sameOrigin({ origin: 'http://localhost:3100' }, PUBLIC, false)).toBe(false);
  });
});

describe('CSRF token check', () => {
  const session = { csrfToken: 'x'.repeat(43) } as Session;

  it('accepts only the exact session token', () => {
    // given a session
    // when tokens are compared
    // then only the same token passes, shorter or missing ones do not
    expect(csrfTokenMatches({ 'x-csrf-token': 'x'.repeat(43) }, session)).toBe(true);
    expect(csrfTokenMatches({ 'x-csrf-token': 'y'.repeat(43) }, session)).toBe(false);
    expect(csrfTokenMatches({ 'x-csrf-token': 'x' }, session)).toBe(false);
    expect(csrfTokenMatches({}, session)).toBe(false);
  });
});

describe('returnTo after sign-in', () => {
  it.each([
    ['/trajecten/p-1?tab=tijdlijn', '/trajecten/p-1?tab=tijdlijn'],
    ['/', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('turns %p into %p', (input, expected) => {
    // given a returnTo from the query
    // when it is made safe
    // then only same-origin relative paths survive
    expect(safeReturnTo(input)).toBe(expected);
  });
});
