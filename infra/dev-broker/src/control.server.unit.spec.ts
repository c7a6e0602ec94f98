import { isJsonContentType, isLoopbackHostHeader } from './control.server';

describe('control server request checks', () => {
  it('accepts a Host header only for a loopback address with the server’s port', () => {
    // then
    expect(['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000', '127.0.0.2:4000'].map((h) => isLoopbackHostHeader(h, 4000))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      [undefined, '127.0.0.1', '127.0.0.1:4001', 'evil.example:4000', 'localhost.evil.example:4000', '0.0.0.0:4000', '[::]:4000', '127.0.0.1:4000@evil'].map(
        (h) => isLoopbackHostHeader(h, 4000),
      ),
    ).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('recognises application/json with or without parameters, and nothing else', () => {
    // then
    expect(['application/json', 'Application/JSON; charset=utf-8'].map(isJsonContentType)).toEqual([true, true]);
    expect([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/jsonp'].map(isJsonContentType)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
