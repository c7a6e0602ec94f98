import { DomainRuleViolation } from '../domain-rule-violation';
import { makeReferral, type MakeReferral } from './onward-referral';

const command: MakeReferral = {
  referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  pathwayId: '0b6f2a0e-8c1d-4e8f-9a51-7d3c2b1a0f9e',
  fromOrg: 'urn:nld:ketenpad:social-work:SW-AMS',
  toOrg: 'urn:nld:ketenpad:municipality:GM0363',
  reason: 'debt-assistance',
  urgent: false,
  warm: true,
  at: new Date('2025-03-12T09:30:00Z'),
};

describe('an onward referral', () => {
  it('is made from the social-work organisation with only the facts of the referral', () => {
    expect(makeReferral(command)[0]).toEqual({
      type: 'referral-made',
      pathwayId: command.pathwayId,
      data: {
        referralId: command.referralId,
        fromOrg: command.fromOrg,
        toOrg: command.toOrg,
        reason: 'debt-assistance',
        urgent: false,
        warm: true,
        at: '2025-03-12T09:30:00.000Z',
      },
    });
  });

  it('carries the resident pseudonym when there is one', () => {
    expect(makeReferral({ ...command, residentPseudonym: 'a'.repeat(64) })[0].data.residentPseudonym).toBe('a'.repeat(64));
  });

  it('cannot be addressed to the referring organisation itself', () => {
    expect(() => makeReferral({ ...command, toOrg: command.fromOrg })).toThrow(new DomainRuleViolation('an organisation cannot refer to itself'));
  });
});
