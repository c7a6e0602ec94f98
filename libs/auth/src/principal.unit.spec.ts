import { InvalidClaimsError, principalFromClaims } from './principal';

const counsellor = { sub: 'user-1', org_id: 'GM0363', org_kind: 'municipality', roles: ['counsellor'] };

describe('principalFromClaims', () => {
  it('takes a municipality counsellor and binds it to its own CBS code', () => {
    // given
    const claims = counsellor;

    // when
    const principal = principalFromClaims(claims);

    // then
    expect(principal).toEqual({ subject: 'user-1', organisation: { id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' }, roles: ['counsellor'] });
  });

  it('refuses the reserved organisation id under which the platform services publish their own answers', () => {
    for (const orgId of ['ketenpad', 'KETENPAD'])
      expect(() => principalFromClaims({ sub: 'x', org_id: orgId, org_kind: 'social-work', roles: ['social-worker'] })).toThrow(/reserved for the platform/);
  });

  it('keeps the municipality a social-work team serves', () => {
    // given
    const claims = { sub: 'sw-1', org_id: 'SW-AMS', org_kind: 'social-work', roles: ['social-worker', 'admin'], municipality: 'GM0363' };

    // when
    const principal = principalFromClaims(claims);

    // then
    expect(principal.organisation).toEqual({ id: 'SW-AMS', kind: 'social-work', municipalityCode: 'GM0363' });
    expect(principal.roles).toEqual(['social-worker', 'admin']);
  });

  it('leaves the municipality out for an organisation that has none', () => {
    expect(principalFromClaims({ sub: 'k', org_id: 'KR-001', org_kind: 'coordinator', roles: ['coordinator'] }).organisation).toEqual({
      id: 'KR-001',
      kind: 'coordinator',
    });
  });

  it.each([
    ['a missing subject', { ...counsellor, sub: undefined }, /"sub"/],
    ['an empty subject', { ...counsellor, sub: '  ' }, /"sub"/],
    ['a numeric organisation id', { ...counsellor, org_id: 363 }, /"org_id"/],
    ['an organisation id with spaces', { ...counsellor, org_kind: 'partner', org_id: 'PT WOONSTAD', roles: ['partner'] }, /"org_id"/],
    ['an unknown organisation kind', { ...counsellor, org_kind: 'bank' }, /"org_kind"/],
    ['roles as a string', { ...counsellor, roles: 'counsellor' }, /"roles"/],
    ['no roles', { ...counsellor, roles: [] }, /"roles"/],
    ['an unknown role', { ...counsellor, roles: ['counsellor', 'superuser'] }, /unknown role/],
    ['a role listed twice', { ...counsellor, roles: ['counsellor', 'counsellor'] }, /twice/],
    ['a role of another kind of organisation', { ...counsellor, roles: ['gp'] }, /belongs to a gp organisation/],
    ['a municipality whose id is not a CBS code', { ...counsellor, org_id: 'AMSTERDAM' }, /CBS code/],
    ['a municipality claim that is not a CBS code', { sub: 's', org_id: 'SW-AMS', org_kind: 'social-work', roles: ['social-worker'], municipality: '0363' }, /"municipality"/],
    ['a municipality claim that contradicts the municipality id', { ...counsellor, municipality: 'GM0344' }, /must equal "org_id"/],
  ])('rejects %s', (_case, claims, message) => {
    // given claims with one defect

    // when
    const build = (): unknown => principalFromClaims(claims as Record<string, unknown>);

    // then
    expect(build).toThrow(InvalidClaimsError);
    expect(build).toThrow(message);
  });
});
