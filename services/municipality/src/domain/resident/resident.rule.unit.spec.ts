import { initialPathwayState, type PathwayState } from '../pathway/pathway.state';
import { refusedResidentChange } from './resident.rule';

const PATHWAY = '0b7e6c1a-2f4d-4e8a-9c3b-5d6e7f8a9b0c';
const OTHER = '3b1f2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const open: PathwayState = { ...initialPathwayState(PATHWAY, 'GM0363'), status: 'open', phase: 'aanmelding' };

describe('Setting the resident of a pathway', () => {
  it('is allowed on an open pathway when the BSN has no other pathway in progress', () => {
    expect(refusedResidentChange(open, undefined)).toBeUndefined();
  });

  it('is allowed when the BSN already belongs to this very pathway (a correction of the contact data)', () => {
    expect(refusedResidentChange(open, PATHWAY)).toBeUndefined();
  });

  it('is refused when the BSN belongs to another open pathway of the municipality, naming it', () => {
    expect(refusedResidentChange(open, OTHER)).toMatch(new RegExp(`already has pathway ${OTHER}`));
  });

  it('is refused on a closed pathway', () => {
    expect(refusedResidentChange({ ...open, status: 'closed' }, undefined)).toMatch(/closed/);
  });
});
