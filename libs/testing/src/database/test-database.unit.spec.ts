import { uniqueDatabaseName } from './test-database';

describe('uniqueDatabaseName', () => {
  it('keeps generated names within the PostgreSQL identifier limit', () => {
    expect(uniqueDatabaseName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });

  it('turns any prefix into a lower-case identifier starting with a letter', () => {
    expect(uniqueDatabaseName('123-Abc')).toMatch(/^abc_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(uniqueDatabaseName('---')).toMatch(/^test_/);
  });

  it('never hands out the same name twice', () => {
    expect(uniqueDatabaseName('same')).not.toBe(uniqueDatabaseName('same'));
  });
});
