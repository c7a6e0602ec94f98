import { INITIAL_TRAJECTORY, type PathwayState } from '../../domain/pathway/pathway.state';
import { PathwayRecord } from './pathway.record';

/** Version of the JSON snapshot layout in `pathway.state`, for future upcasting. */
const SNAPSHOT_FORMAT = 1;

interface StateSnapshot extends Omit<PathwayState, 'receivedReferrals' | 'consents' | 'trajectory'> {
  readonly snapshotFormat: number;
  readonly receivedReferrals?: PathwayState['receivedReferrals'];
  readonly consents?: PathwayState['consents'];
  readonly trajectory?: PathwayState['trajectory'];
}

/** Domain state ⇄ persistence record. */
export const pathwayMapper = {
  toRecord(state: PathwayState, version: number): PathwayRecord {
    const record = new PathwayRecord();
    record.pathwayId = state.pathwayId;
    record.municipalityCode = state.municipalityCode;
    record.status = state.status;
    record.phase = state.phase;
    record.firstConversationDue = state.firstConversationDue;
    record.state = { snapshotFormat: SNAPSHOT_FORMAT, ...state };
    record.version = version;
    return record;
  },

  toState(record: PathwayRecord): PathwayState {
    const { snapshotFormat, ...state } = record.state as unknown as StateSnapshot;
    if (snapshotFormat !== SNAPSHOT_FORMAT) {
      throw new Error(`pathway ${record.pathwayId} has snapshot format ${snapshotFormat}, expected ${SNAPSHOT_FORMAT}`);
    }
    // Snapshots written before received referrals, consents and the trajectory existed lack them.
    return {
      ...state,
      receivedReferrals: state.receivedReferrals ?? {},
      consents: state.consents ?? {},
      trajectory: state.trajectory ?? INITIAL_TRAJECTORY,
    };
  },
};
