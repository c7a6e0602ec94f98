import {
  INITIAL_TRAJECTORY,
  type KindSpan,
  type PathwayState,
  type Trajectory,
} from '../../domain/pathway/pathway.state';
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
      trajectory: state.trajectory ? withHistory(state.trajectory) : INITIAL_TRAJECTORY,
    };
  },
};

type SnapshotTrajectory = Omit<Trajectory, 'crisisInterventionHistory' | 'guidanceHistory' | 'contactAttempts'> &
  Partial<Pick<Trajectory, 'crisisInterventionHistory' | 'guidanceHistory'>> & {
    readonly contactAttempts: Omit<Trajectory['contactAttempts'], 'log'> &
      Partial<Pick<Trajectory['contactAttempts'], 'log'>>;
  };

/**
 * Snapshots written before the trajectory kept history lack it. What they
 * still know is what runs: those become open spans; ended guidance,
 * interventions and individual contact attempts of that time are lost (the
 * DDAS export then reports less than happened, never something that did not).
 */
function withHistory(trajectory: Trajectory): Trajectory {
  const t = trajectory as SnapshotTrajectory;
  return {
    ...t,
    contactAttempts: { ...t.contactAttempts, log: t.contactAttempts.log ?? [] },
    crisisInterventionHistory: t.crisisInterventionHistory ?? runningSpans(t.crisisInterventions),
    guidanceHistory: t.guidanceHistory ?? runningSpans(t.guidance),
  };
}

function runningSpans<K extends string>(running: Readonly<Partial<Record<K, string>>>): KindSpan<K>[] {
  return (Object.entries(running) as Array<[K, string | undefined]>)
    .filter((entry): entry is [K, string] => entry[1] !== undefined)
    .map(([kind, startedAt]) => ({ kind, startedAt, endedAt: null }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
