import { DevIssuer } from '@ketenpad/auth';
import { SERVICE_PORTS } from '@ketenpad/runtime';
import { stringOption, wholeNumberOption, type CommandSpec, type OptionSpec, type ParsedArguments } from '../arguments';
import { ChainClient, DEMO_SERVICES, type DemoService } from './chain.client';
import { DEFAULT_PATHWAYS, DEFAULT_SEED, DEMO_MUNICIPALITIES, FLOWS, generateScenarios, MIN_PATHWAYS, type DemoScenario, type FlowNumber } from './scenario.generator';
import { DEMO_ORGANISATIONS, ScenarioRunner, type DemoTokens, type ScenarioResult } from './scenario.runner';

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_WAIT_SECONDS = 30;

const urlVariable = (service: DemoService): string => `KETENPAD_${service.toUpperCase().replace('-', '_')}_URL`;

export const DEMO_COMMAND: CommandSpec = {
  name: 'demo',
  summary: 'Load realistic demo pathways into the running platform (after npm start).',
  details: 'Every flow, Wgs breaches, bounces and drop-outs, through the services\' public APIs; about a minute.',
  options: {
    pathways: { type: 'string', value: '<n>', description: `how many (default ${DEFAULT_PATHWAYS}, at least ${MIN_PATHWAYS})` },
    seed: { type: 'string', value: '<n>', description: `scenario seed (default ${DEFAULT_SEED})` },
    concurrency: { type: 'string', value: '<n>', description: `pathways loaded at once (default ${DEFAULT_CONCURRENCY})` },
    timeout: { type: 'string', value: '<seconds>', description: `how long to wait for a step to reach another service (default ${DEFAULT_WAIT_SECONDS})` },
    'dry-run': { type: 'boolean', description: 'print the planned mix only' },
    ...Object.fromEntries(
      DEMO_SERVICES.map((service): [string, OptionSpec] => [`${service}-url`, { type: 'string', value: '<url>', description: `base URL of ${service} (or ${urlVariable(service)})` }]),
    ),
  },
};

/** The court liaison's scheduler polls every 30 s by default. */
const MORATORIUM_END_TIMEOUT_MS = 90_000;

interface DemoOptions {
  pathways: number;
  seed: number;
  concurrency: number;
  waitTimeoutMs: number;
  dryRun: boolean;
  urls: Record<DemoService, string>;
}

/**
 * `ketenpad demo`: loads a realistic set of pathways into the running platform
 * through the services' public APIs, so a coordinator has something to look at.
 */
export async function demoCommand(args: ParsedArguments, env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const options = parseDemoOptions(args, env);
  const scenarios = generateScenarios({ pathways: options.pathways, seed: options.seed });
  out.write(`Ketenpad demo: ${scenarios.length} pathways (seed ${options.seed}) over ${DEMO_MUNICIPALITIES.join(', ')}\n`);
  out.write(describeMix(scenarios));
  if (options.dryRun) return 0;

  const client = new ChainClient(options.urls);
  const down: string[] = [];
  for (const service of DEMO_SERVICES) if (!(await client.healthy(service))) down.push(`${service} (${options.urls[service]}/health)`);
  if (down.length > 0) {
    process.stderr.write(`not reachable: ${down.join(', ')}\nstart the platform with npm start first (or ketenpad start), then run ketenpad demo again.\n`);
    return 1;
  }

  const tokens = await issueTokens();
  const runner = new ScenarioRunner(client, tokens, { runNonce: Date.now() % 1_000_000_007, waitTimeoutMs: options.waitTimeoutMs });
  const started = Date.now();
  const results = await runWithConcurrency(scenarios, options.concurrency, (s) => runner.run(s), (done, failed, running) => {
    out.write(`\r  ${String(done).padStart(3)}/${scenarios.length} pathways done, ${failed} failed, ${running} running   `);
  });
  out.write('\n');

  // Moratoriums granted with an end date in the past: the court liaison's scheduler must end them.
  const expired = results.filter((r) => !r.failure && r.scenario.expiredMoratorium && r.pathwayId);
  const lateFailures: string[] = [];
  if (expired.length > 0) {
    out.write(`  waiting for moratorium-ended on ${expired.length} pathways (court liaison scheduler)...\n`);
    await Promise.all(
      expired.map(async (r) => {
        try {
          await runner.awaitMoratoriumEnded(r.pathwayId!, MORATORIUM_END_TIMEOUT_MS);
        } catch (error) {
          lateFailures.push(`#${r.scenario.index} ${r.pathwayId}: ${(error as Error).message}`);
        }
      }),
    );
  }
  const breaches = await wgsBreaches(client, tokens.coordinator, results);
  out.write(summarise(results, lateFailures, breaches, options.urls.timeline, Date.now() - started));
  return results.some((r) => r.failure) || lateFailures.length > 0 ? 1 : 0;
}

export function parseDemoOptions(args: ParsedArguments, env: NodeJS.ProcessEnv): DemoOptions {
  const whole = (name: string, fallback: number, min: number): number => wholeNumberOption(args, name, min) ?? fallback;
  const urls = {} as Record<DemoService, string>;
  for (const service of DEMO_SERVICES) {
    urls[service] = (stringOption(args, `${service}-url`) ?? env[urlVariable(service)] ?? `http://127.0.0.1:${SERVICE_PORTS[service]}`).replace(/\/+$/, '');
  }
  return {
    pathways: whole('pathways', DEFAULT_PATHWAYS, MIN_PATHWAYS),
    seed: whole('seed', DEFAULT_SEED, 0),
    concurrency: whole('concurrency', DEFAULT_CONCURRENCY, 1),
    waitTimeoutMs: whole('timeout', DEFAULT_WAIT_SECONDS, 1) * 1000,
    dryRun: args.options['dry-run'] === true,
    urls,
  };
}

async function issueTokens(): Promise<DemoTokens> {
  const issuer = await DevIssuer.open();
  // The services refuse tokens older than an hour (AUTH_MAX_TOKEN_AGE_SECONDS); the demo takes about a minute.
  const ttlSeconds = 3600;
  const counsellor: Record<string, string> = {};
  for (const code of DEMO_MUNICIPALITIES) counsellor[code] = await issuer.issueFor(code, ['counsellor'], { ttlSeconds });
  return {
    counsellor,
    socialWorker: await issuer.issueFor(DEMO_ORGANISATIONS.socialWork, ['social-worker'], { ttlSeconds }),
    courtLiaison: await issuer.issueFor(DEMO_ORGANISATIONS.courtLiaison, ['court-liaison'], { ttlSeconds }),
    gp: await issuer.issueFor(DEMO_ORGANISATIONS.gp, ['gp'], { ttlSeconds }),
    coordinator: await issuer.issueFor(DEMO_ORGANISATIONS.coordinator, ['coordinator'], { ttlSeconds }),
  };
}

/** Runs `work` over `items` with at most `limit` at a time, reporting progress after each. */
export async function runWithConcurrency<T, R extends { failure?: unknown }>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  progress: (done: number, failed: number, running: number) => void,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failed = 0;
  let running = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      running++;
      progress(done, failed, running);
      const result = await work(items[i]!);
      running--;
      results[i] = result;
      done++;
      if (result.failure) failed++;
      progress(done, failed, running);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The planned mix, before anything runs. */
export function describeMix(scenarios: readonly DemoScenario[]): string {
  const n = scenarios.length;
  const pct = (k: number): string => `${k} (${Math.round((100 * k) / n)} %)`;
  const archetypes = countBy(scenarios.map((s) => s.archetype));
  const lines = [
    `  storylines: ${Object.entries(archetypes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  crisis at request ${pct(scenarios.filter((s) => s.crisis).length)}, planned drop-outs ${pct(scenarios.filter((s) => s.dropOut).length)}, ` +
      `planned Wgs breaches ${scenarios.filter((s) => s.breach !== 'none').length}, bounces ${scenarios.filter((s) => s.bounced).length}, ` +
      `completing ${scenarios.filter((s) => s.outcome === 'completed').length}`,
  ];
  return lines.join('\n') + '\n';
}

/** The demo's pathways whose Wgs first-conversation deadline was breached, as the coordinator's figures count them. */
export interface WgsBreaches {
  /** Open, no first conversation, due date passed (listed by /bottlenecks/wgs-deadlines). */
  overdue: Set<string>;
  /** First conversation held after its due date. */
  heldLate: Set<string>;
}

/**
 * Counts breaches once everything has settled, with the definitions of the
 * coordinator's `GET /bottlenecks/wgs-deadlines` (overdue: open and past due;
 * late: held after the due date), so the demo says what the dashboard shows.
 */
async function wgsBreaches(client: ChainClient, coordinator: string, results: readonly ScenarioResult[]): Promise<WgsBreaches> {
  const ids = new Set(results.filter((r) => !r.failure && r.pathwayId).map((r) => r.pathwayId!));
  const deadlines = await client.get<{ pathways: Array<{ pathwayId: string; status: string }> }>('timeline', coordinator, '/api/v1/bottlenecks/wgs-deadlines?limit=1000');
  const overdue = new Set(deadlines.pathways.filter((p) => p.status === 'overdue' && ids.has(p.pathwayId)).map((p) => p.pathwayId));
  const heldLate = new Set<string>();
  for (const id of ids) {
    const summary = await client.find<{ firstConversationDeadlineMet: boolean | null }>('timeline', coordinator, `/api/v1/pathways/${id}`);
    if (summary?.firstConversationDeadlineMet === false) heldLate.add(id);
  }
  return { overdue, heldLate };
}

function summarise(results: readonly ScenarioResult[], lateFailures: readonly string[], breaches: WgsBreaches, timelineUrl: string, elapsedMs: number): string {
  const ok = results.filter((r) => !r.failure);
  const lines: string[] = [''];
  lines.push(`Demo finished in ${(elapsedMs / 1000).toFixed(1)} s: ${ok.length} of ${results.length} pathways loaded.`);
  lines.push('', '  pathways per flow:');
  for (const [flow, name] of Object.entries(FLOWS)) {
    const count = ok.filter((r) => r.scenario.flows.includes(Number(flow) as FlowNumber)).length;
    lines.push(`    flow ${flow} ${name.padEnd(32)} ${count}`);
  }
  const others = ok.filter((r) => r.scenario.flows.length === 0);
  lines.push(`    municipality only (counter, early signal)  ${others.length}`);

  const isBreached = (r: ScenarioResult) => r.pathwayId !== undefined && (breaches.overdue.has(r.pathwayId) || breaches.heldLate.has(r.pathwayId));
  const breached = ok.filter(isBreached);
  const planned = ok.filter((r) => r.scenario.breach !== 'none');
  const dropOuts = ok.filter((r) => r.scenario.dropOut);
  const bounced = ok.filter((r) => r.timeline?.flags.some((f) => f.kind === 'referral-bounced' || f.kind === 'referral-declined'));
  lines.push('');
  lines.push(
    `  Wgs deadlines breached, as GET /bottlenecks/wgs-deadlines counts them: ${breached.length} ` +
      `(${breaches.overdue.size} overdue without a first conversation, ${breaches.heldLate.size} held after the deadline; planned ${planned.length})`,
  );
  for (const r of planned.filter((p) => !isBreached(p))) lines.push(`    planned but not breached: #${r.scenario.index} ${r.scenario.archetype} (${r.scenario.breach}) ${r.pathwayId ?? ''}`);
  for (const r of breached.filter((p) => p.scenario.breach === 'none')) lines.push(`    breached without a plan: #${r.scenario.index} ${r.scenario.archetype} ${r.pathwayId ?? ''}`);
  lines.push(
    `  drop-outs: ${dropOuts.length} of ${ok.length} pathways registered (${Math.round((100 * dropOuts.length) / Math.max(1, ok.length))} %, ` +
      `the base of the 40 % reference and of outcomes' cohort.dropOutShare) - ${Object.entries(countBy(dropOuts.map((r) => r.scenario.dropOut!))).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  lines.push(`  declined/bounced referrals flagged on the timeline: ${bounced.length}`);
  lines.push(`  completed (Afgerond): ${ok.filter((r) => r.scenario.outcome === 'completed').length}, crisis at request: ${ok.filter((r) => r.scenario.crisis).length}`);
  const skipped = countBy(ok.flatMap((r) => r.skippedSteps));
  if (Object.keys(skipped).length > 0) lines.push(`  skipped steps (route not available): ${Object.entries(skipped).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  lines.push('', '  pathways to look at (GET with a coordinator token: ketenpad token --org KR-001 --role coordinator):');
  const seen = new Set<string>();
  for (const r of ok) {
    const label = r.scenario.breach !== 'none' ? `breach ${r.scenario.breach}` : r.scenario.archetype;
    if (!r.pathwayId || seen.has(label)) continue;
    seen.add(label);
    lines.push(`    ${label.padEnd(26)} ${timelineUrl}/api/v1/pathways/${r.pathwayId}/timeline`);
  }

  const failures = results.filter((r) => r.failure);
  if (failures.length > 0 || lateFailures.length > 0) {
    lines.push('', `  FAILED (${failures.length + lateFailures.length}):`);
    for (const r of failures) {
      const f = r.failure!;
      lines.push(`    #${r.scenario.index} ${r.scenario.archetype} step ${f.step} ${f.kind}${r.pathwayId ? ` (pathway ${r.pathwayId})` : ''}: ${f.message}`);
      if (f.request) lines.push(`      request: ${f.request}`);
    }
    for (const f of lateFailures) lines.push(`    ${f}`);
  }
  return lines.join('\n') + '\n';
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
