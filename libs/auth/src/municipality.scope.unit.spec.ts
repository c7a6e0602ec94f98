import { canAccessMunicipality } from './municipality.scope';
import type { Principal } from './principal';

const amsterdamCounsellor: Principal = { subject: 'c', organisation: { id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' }, roles: ['counsellor'] };

describe('canAccessMunicipality', () => {
  it('lets a municipality reach its own pathways only', () => {
    expect(canAccessMunicipality(amsterdamCounsellor, 'GM0363')).toBe(true);
    expect(canAccessMunicipality(amsterdamCounsellor, 'GM0344')).toBe(false);
  });

  it('binds an organisation serving one municipality to it', () => {
    // given
    const socialWorker: Principal = { subject: 's', organisation: { id: 'SW-AMS', kind: 'social-work', municipalityCode: 'GM0363' }, roles: ['social-worker'] };

    // when / then
    expect(canAccessMunicipality(socialWorker, 'GM0363')).toBe(true);
    expect(canAccessMunicipality(socialWorker, 'GM0599')).toBe(false);
  });

  it('lets a chain coordinator without a municipality work chain-wide', () => {
    const coordinator: Principal = { subject: 'k', organisation: { id: 'KR-001', kind: 'coordinator' }, roles: ['coordinator'] };
    expect(canAccessMunicipality(coordinator, 'GM0599')).toBe(true);
  });

  it('refuses other organisations without a municipality', () => {
    const partner: Principal = { subject: 'p', organisation: { id: 'PT-WOONSTAD', kind: 'partner' }, roles: ['partner'] };
    expect(canAccessMunicipality(partner, 'GM0599')).toBe(false);
  });
});
