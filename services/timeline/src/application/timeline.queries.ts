import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { canAccessMunicipality } from '@ketenpad/auth';
import { TimelineRepository, type StoredTimelineEntry } from '../adapters/persistence/timeline.repository';
import type { PathwaySummary } from '../domain/pathway-summary';

export class PathwayNotVisible extends Error {}

/**
 * Read side of the timeline. Who may read a pathway: a municipality only its
 * own municipality's pathways; a coordinator every pathway (the timeline holds
 * no personal data); any other organisation only pathways it takes part in.
 * Health-restricted events are shown only to the organisation that produced them.
 * Refusals look exactly like unknown pathways, so ids cannot be probed.
 */
@Injectable()
export class TimelineQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TimelineRepository,
  ) {}

  async summary(principal: Principal, pathwayId: string): Promise<PathwaySummary> {
    const summary = await this.repository.findSummary(this.dataSource.manager, pathwayId);
    if (!summary || !mayRead(principal, summary)) throw new PathwayNotVisible(pathwayId);
    return summary;
  }

  async timeline(principal: Principal, pathwayId: string): Promise<{ summary: PathwaySummary; entries: StoredTimelineEntry[] }> {
    const summary = await this.summary(principal, pathwayId);
    const entries = await this.repository.findEntries(this.dataSource.manager, pathwayId);
    const own = organisationUrn(principal);
    return { summary, entries: entries.filter((e) => e.classification !== 'health-restricted' || e.source === own) };
  }
}

function organisationUrn(principal: Principal): string {
  return `urn:nld:ketenpad:${principal.organisation.kind}:${principal.organisation.id}`;
}

function mayRead(principal: Principal, summary: PathwaySummary): boolean {
  switch (principal.organisation.kind) {
    case 'municipality':
      return summary.municipalityCode !== null && canAccessMunicipality(principal, summary.municipalityCode);
    case 'coordinator':
      return true;
    default:
      return summary.participants.includes(organisationUrn(principal));
  }
}
