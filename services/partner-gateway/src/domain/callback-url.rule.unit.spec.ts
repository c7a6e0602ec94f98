import { callbackUrlProblem } from './callback-url.rule';

describe('callback URLs', () => {
  it.each<[string, boolean, boolean]>([
    ['https://hooks.woonstad.nl/ketenpad', true, true],
    ['https://hooks.woonstad.nl/ketenpad', false, true],
    ['http://127.0.0.1:8080/hook', false, true],
    ['http://localhost:8080/hook', false, true],
    ['http://[::1]:8080/hook', false, true],
    ['http://127.0.0.1:8080/hook', true, false],
    ['http://hooks.woonstad.nl/ketenpad', false, false],
    ['https://user:pw@hooks.woonstad.nl/ketenpad', false, false],
    ['ftp://hooks.woonstad.nl/ketenpad', false, false],
    ['not a url', false, false],
  ])('%s (production %s) is acceptable: %s', (url, production, acceptable) => {
    // given a URL and a mode, when checked, then
    expect(callbackUrlProblem(url, production) === null).toBe(acceptable);
  });
});
