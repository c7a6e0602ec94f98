import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { commandUsage, parseCommandArguments, UsageError, type CommandSpec, type ParsedArguments } from './arguments';
import { BSN_COMMAND, bsnCommand } from './bsn.command';
import { DEMO_COMMAND, demoCommand } from './demo/demo.command';
import { PROVISION_TOPICS_COMMAND, provisionTopicsCommand } from './provision-topics.command';
import { START_COMMAND, startCommand } from './start.command';
import { TOKEN_COMMAND, tokenCommand } from './token.command';

interface Command {
  readonly spec: CommandSpec;
  run(args: ParsedArguments): Promise<number>;
}

/** `bench` has its own parser (bench/src/main.ts): its arguments are passed on untouched. */
const BENCH_COMMAND: CommandSpec = {
  name: 'bench',
  summary: 'Run benchmarks B1-B5, B7 (same as npm run bench; writes bench/results/).',
  options: {},
};

const COMMANDS: readonly Command[] = [
  { spec: START_COMMAND, run: (args) => startCommand(args) },
  { spec: TOKEN_COMMAND, run: tokenCommand },
  { spec: BSN_COMMAND, run: bsnCommand },
  { spec: DEMO_COMMAND, run: (args) => demoCommand(args) },
  { spec: PROVISION_TOPICS_COMMAND, run: () => provisionTopicsCommand() },
];

/** Exit code of a wrong command line; 0 is done (or help asked for), 1 a failed command. */
const EXIT_USAGE = 2;

export const USAGE = `usage: ketenpad <command> [options]

commands:
${[...COMMANDS.map((c) => c.spec), BENCH_COMMAND].map((spec) => `  ${spec.name.padEnd(18)}${spec.summary}`).join('\n')}

ketenpad <command> --help shows a command's options; ketenpad --help (or help) shows this.
Exit codes: 0 done, 1 the command failed, 2 the command line was wrong (usage on stderr).

Environment: DATABASE_URL (PostgreSQL server; absent = embedded PGlite under .data/),
KAFKA_BROKERS (use a running Kafka instead of the dev broker), KETENPAD_DATA_DIR (default ./.data),
<SERVICE>_PORT (start: a service's port, e.g. MUNICIPALITY_PORT=4101),
KETENPAD_<SERVICE>_URL (demo: base URL of a service, e.g. KETENPAD_SOCIAL_WORK_URL).`;

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usageError('no command given');
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest[0] === undefined) return print(USAGE);
    return main([rest[0], '--help']);
  }
  if (name === BENCH_COMMAND.name) return runBench(rest.map((arg) => (arg === '-h' ? '--help' : arg)));
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) return usageError(name.startsWith('-') ? `unknown option '${name}'` : `unknown command "${name}"`);
  try {
    const parsed = parseCommandArguments(command.spec, rest);
    if (parsed.kind === 'help') return print(commandUsage(command.spec));
    return await command.run(parsed.args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageError(error.message, command.spec);
  }
}

function print(text: string): number {
  process.stdout.write(text + '\n');
  return 0;
}

/** One line saying what is wrong, then the usage, on stderr. */
function usageError(message: string, spec?: CommandSpec): number {
  const prefix = spec ? `ketenpad ${spec.name}` : 'ketenpad';
  process.stderr.write(`${prefix}: ${message}\n\n${spec ? commandUsage(spec) : USAGE}\n`);
  return EXIT_USAGE;
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
