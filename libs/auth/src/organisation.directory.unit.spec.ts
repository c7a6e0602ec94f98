import { UnknownOrganisationError, resolveOrganisation } from './organisation.directory';

describe('resolveOrganisation', () => {
  it('finds the kind of a known organisation', () => {
    expect(resolveOrganisation('GM0363')).toMatchObject({ id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' });
    expect(resolveOrganisation('ha-0001')).toMatchObject({ id: 'HA-0001', kind: 'gp' });
  });

  it('names every known organisation when the id is unknown', () => {
    // given
    const unknown = 'GM9999';

    // when
    const resolve = (): unknown => resolveOrganisation(unknown);

    // then
    expect(resolve).toThrow(UnknownOrganisationError);
    expect(resolve).toThrow(/GM0363.*GM0344.*GM0599.*SW-AMS.*RB-AMS.*HA-0001.*PT-WOONSTAD.*KR-001/);
  });

  it('lets the kind be overridden, also for an organisation outside the directory', () => {
    expect(resolveOrganisation('GM0363', 'social-work')).toMatchObject({ id: 'GM0363', kind: 'social-work' });
    expect(resolveOrganisation('GM0014', 'municipality')).toEqual({ id: 'GM0014', kind: 'municipality', name: 'GM0014', municipalityCode: 'GM0014' });
  });

  it('rejects an unknown kind', () => {
    expect(() => resolveOrganisation('GM0363', 'bank')).toThrow(/Unknown organisation kind "bank"/);
  });
});
