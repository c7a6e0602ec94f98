import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@ketenpad/persistence';
import type { OutboxWriter } from '@ketenpad/messaging';
import { decide, type PathwayRules } from '../domain/pathway/pathway.decider';
import type { PathwayCommand, ReceiveEarlySignal, RegisterHelpRequest } from '../domain/pathway/pathway.commands';
import { evolveAll, initialPathwayState, type PathwayState } from '../domain/pathway/pathway.state';
import type { PathwayEvent } from '../domain/pathway/pathway.events';
import type { Resident } from '../domain/resident/resident';
import { refusedResidentChange } from '../domain/resident/resident.rule';
import { DomainRuleViolation } from '../domain/domain-rule-violation';
import type { PathwayStore, StoredPathway } from './pathway-store.port';
import { PathwayNotFound, ResidentHasOpenPathway } from './application.errors';
import type { Clock } from '@ketenpad/runtime';
import { MUNICIPALITY_TOPIC, toEnvelopes } from './pathway-event.envelope';

/** Commands that concern an existing pathway (everything but opening one). */
export type ExistingPathwayCommand = Exclude<PathwayCommand, RegisterHelpRequest>;

/** The outcome of a command: the pathway as it is now and the facts it produced. */
export interface CommandOutcome {
  readonly state: PathwayState;
  readonly events: readonly PathwayEvent[];
}

/**
 * Runs pathway commands: load (locked) → decide → save state → append the
 * events to the outbox, all in ONE transaction, so state and events commit
 * or roll back together. A DomainRuleViolation rolls everything back.
 */
export class PathwayCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly repository: PathwayStore,
    private readonly rules: PathwayRules,
  ) {}

  /**
   * A help request or early signal about a resident: lands on the resident's
   * open pathway in this municipality when there is one (found through the
   * BSN blind index), otherwise opens a new pathway for them. A second help
   * request for a resident with an open pathway is refused with that pathway's
   * id (ResidentHasOpenPathway), so the counsellor can continue there.
   */
  async forResident(
    municipalityCode: string,
    resident: Resident,
    command: RegisterHelpRequest | ReceiveEarlySignal,
  ): Promise<CommandOutcome> {
    return this.run(municipalityCode, async (manager) => {
      const existing = await this.repository.findOpenByResidentForUpdate(manager, municipalityCode, resident.bsn);
      // A pathway opened by an early signal takes the help request; one with a help request already refuses it.
      if (existing?.state.status === 'open' && command.type === 'register-help-request')
        throw new ResidentHasOpenPathway(existing.state.pathwayId);
      const current = existing ?? { state: initialPathwayState(randomUUID(), municipalityCode), version: 0 };
      const events = decide(command, current.state, this.rules);
      const next = evolveAll(current.state, events);
      if (existing) await this.repository.update(manager, next, existing.version);
      else await this.repository.insert(manager, next, resident);
      return { state: next, events };
    });
  }

  /** A command on an existing pathway of the caller's municipality; PathwayNotFound otherwise. */
  async execute(municipalityCode: string, pathwayId: string, command: ExistingPathwayCommand): Promise<CommandOutcome> {
    return this.run(municipalityCode, async (manager) => {
      const loaded: StoredPathway | undefined = await this.repository.loadForUpdate(manager, municipalityCode, pathwayId);
      if (!loaded) throw new PathwayNotFound();
      const events = decide(command, loaded.state, this.rules);
      if (events.length === 0) return { state: loaded.state, events };
      const next = evolveAll(loaded.state, events);
      await this.repository.update(manager, next, loaded.version);
      return { state: next, events };
    });
  }

  /**
   * Sets the resident (BSN, contact) of a pathway that has none yet - one
   * opened by a referral - or corrects it; also stores the resident's chain
   * pseudonym, so later referrals find this pathway. No event: resident data
   * never leaves the municipality.
   */
  async setResident(municipalityCode: string, pathwayId: string, resident: Resident): Promise<PathwayState> {
    return inTransaction(this.dataSource, async (manager) => {
      const loaded = await this.repository.loadForUpdate(manager, municipalityCode, pathwayId);
      if (!loaded) throw new PathwayNotFound();
      const other = await this.repository.findOpenByResidentForUpdate(manager, municipalityCode, resident.bsn);
      const refused = refusedResidentChange(loaded.state, other?.state.pathwayId);
      if (refused) throw new DomainRuleViolation(refused);
      if (!(await this.repository.saveResident(manager, loaded.state, resident))) {
        throw new DomainRuleViolation('the personal data of this pathway was erased');
      }
      return loaded.state;
    });
  }

  private async run(
    municipalityCode: string,
    work: (manager: EntityManager) => Promise<CommandOutcome>,
  ): Promise<CommandOutcome> {
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      const result = await work(manager);
      const envelopes = toEnvelopes(result.events, { municipalityCode, time: this.clock.now() });
      await this.outbox.append(manager, envelopes, { topic: MUNICIPALITY_TOPIC, aggregateType: 'pathway' });
      return result;
    });
    if (outcome.events.length > 0) this.outbox.afterCommit();
    return outcome;
  }
}
