import { pgErrorCode, quoteIdentifier, serviceDatabaseName, withDatabase } from './database.provisioner';

describe('serviceDatabaseName', () => {
  it('prefixes the service and replaces dashes so the name needs no quoting', () => {
    // given / when
    const name = serviceDatabaseName('partner-gateway');

    // then
    expect(name).toBe('ketenpad_partner_gateway');
  });

  it('uses an explicit name as given', () => {
    expect(serviceDatabaseName('municipality', 'custom_db')).toBe('custom_db');
  });

  it('rejects a name PostgreSQL would silently truncate', () => {
    expect(() => serviceDatabaseName('x', 'a'.repeat(64))).toThrow(/longer than 63 bytes/);
  });
});

describe('quoteIdentifier', () => {
  it('doubles embedded quotes so the name cannot break out of the identifier', () => {
    expect(quoteIdentifier('a"; DROP DATABASE x; --')).toBe('"a""; DROP DATABASE x; --"');
  });
});

describe('withDatabase', () => {
  it('replaces only the database and keeps credentials, host and options', () => {
    // given
    const url = 'postgres://user:secret@db.example:6543/postgres?sslmode=require';

    // when
    const result = withDatabase(url, 'ketenpad_gp');

    // then
    expect(result).toBe('postgres://user:secret@db.example:6543/ketenpad_gp?sslmode=require');
  });
});

describe('pgErrorCode', () => {
  it('finds the SQLSTATE on a driver error or on the error it wraps', () => {
    expect(pgErrorCode({ code: '40001' })).toBe('40001');
    expect(pgErrorCode({ driverError: { code: '40P01' } })).toBe('40P01');
    expect(pgErrorCode(new Error('plain'))).toBeUndefined();
  });
});
