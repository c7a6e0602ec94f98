/** The municipality's erasure request for a pathway (AVG art. 17). */
export const ERASURE_REQUESTED = 'nl.ketenpad.municipality.personal-data-erased.v1';

/** The municipality merged one pathway into another (`data.intoPathwayId`). */
export const PATHWAY_MERGED = 'nl.ketenpad.municipality.pathway-merged.v1';

/** What erasure removes from a pathway's events: the chain's one definition (`@ketenpad/privacy`). */
export { IDENTIFYING_KEYS, withoutIdentifyingData } from '@ketenpad/privacy';
