import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArguments } from './arguments';
import { demoCommand } from './demo/demo.command';
import { provisionTopicsCommand } from './provision-topics.command';
import { startCommand } from './start.command';
import { tokenCommand } from './token.command';

const USAGE = `ketenpad - the Ketenpad command line

  ketenpad start                         run the dev broker and every service locally; Ctrl-C stops all
  ketenpad token --org <orgId> --role <role> [--kind <kind>] [--ttl <seconds>]
                                         print a bearer token the running dev stack accepts
  ketenpad provision-topics              create every topic of contracts/topics.json (+ .dlq) on a real Kafka
                                         cluster (KAFKA_BROKERS); used by docker compose
  ketenpad bench [--quick|--full] [--only b1,b4,b5,history]
                                         run benchmarks B1-B5, B7 (same as npm run bench; writes bench/results/)
  ketenpad demo [--pathways 60] [--seed <n>] [--concurrency 4] [--timeout 30] [--dry-run]
                [--<service>-url <url>]   load realistic demo pathways (every flow, breaches, bounces, drop-outs)
                                         into the running platform through its public APIs (after npm start)

Environment: DATABASE_URL (PostgreSQL server; absent = embedded PGlite under .data/),
KAFKA_BROKERS (use a running Kafka instead of the dev broker), KETENPAD_DATA_DIR (default ./.data),
KETENPAD_<SERVICE>_URL (demo: base URL of a service, e.g. KETENPAD_SOCIAL_WORK_URL).`;

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  const [command] = args._;
  switch (command) {
    case 'start':
      return startCommand(args);
    case 'token':
      return tokenCommand(args);
    case 'provision-topics':
      return provisionTopicsCommand();
    case 'demo':
      return demoCommand(args);
    case 'bench':
      return runBench(argv.slice(argv.indexOf('bench') + 1));
    case undefined:
    case 'help':
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 1;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
      return 1;
  }
}

/**
 * The benchmarks live in bench/ (repository root, run from TypeScript
 * sources); a child process keeps the CLI free of their dependencies.
 * Same path from src/ and dist/: both are infra/cli/<dir>/.
 */
function runBench(argv: readonly string[]): number {
  const launcher = join(__dirname, '../../../bench/bin/run.js');
  const result = spawnSync(process.execPath, [launcher, ...argv], { stdio: 'inherit' });
  return result.status ?? 1;
}
