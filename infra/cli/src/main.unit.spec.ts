import { spawnSync } from 'node:child_process';
import { isValidBsn } from '@ketenpad/privacy';
import { main } from './main';
import { startCommand } from './start.command';

jest.mock('./start.command', () => ({
  ...jest.requireActual<object>('./start.command'),
  startCommand: jest.fn(async () => 0),
}));
jest.mock('node:child_process', () => ({
  ...jest.requireActual<object>('node:child_process'),
  spawnSync: jest.fn(() => ({ status: 0 })),
}));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function ketenpad(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const COMMANDS = ['start', 'token', 'bsn', 'demo', 'provision-topics'];

describe('ketenpad', () => {
  afterEach(() => jest.clearAllMocks());

  it.each([['--help'], ['-h'], ['help']])('%s prints every command on stdout and exits 0', async (flag) => {
    // when
    const run = await ketenpad(flag);

    // then
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of [...COMMANDS, 'bench']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('without a command prints the usage on stderr and exits 2', async () => {
    const run = await ketenpad();

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ketenpad: no command given\n\nusage: ketenpad <command>/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const run = await ketenpad('strat');

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('ketenpad: unknown command "strat"');
  });

  describe.each(COMMANDS)('%s', (command) => {
    it.each([['--help'], ['-h']])(`${command} %s prints its usage and exits 0`, async (flag) => {
      const run = await ketenpad(command, flag);

      expect(run.code).toBe(0);
      expect(run.stdout.startsWith(`usage: ketenpad ${command}`)).toBe(true);
      expect(run.stdout).toMatch(/-h, --help\s+show this help/);
    });

    it(`help ${command} prints the same usage`, async () => {
      expect((await ketenpad('help', command)).stdout).toBe((await ketenpad(command, '--help')).stdout);
    });

    it(`${command} refuses an unknown option with one line, its usage and exit code 2`, async () => {
      const run = await ketenpad(command, '--no-such-option');

      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`ketenpad ${command}: unknown option '--no-such-option'`);
      expect(run.stderr).toContain(`usage: ketenpad ${command}`);
    });
  });

  it('start --help does not start the stack; start does', async () => {
    await ketenpad('start', '--help');
    expect(startCommand).not.toHaveBeenCalled();

    await ketenpad('start');
    expect(startCommand).toHaveBeenCalledTimes(1);
  });

  it('demo refuses --pathway (not --pathways) instead of loading the default 60', async () => {
    const run = await ketenpad('demo', '--pathway', '10', '--dry-run');

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe("ketenpad demo: unknown option '--pathway' (did you mean --pathways?)");
  });

  it('demo takes --pathways as given', async () => {
    const run = await ketenpad('demo', '--pathways', '20', '--dry-run');

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Ketenpad demo: 20 pathways/);
  });

  it.each([
    ['demo', '--pathways', 'abc', '--dry-run'],
    ['demo', '--pathways', '3', '--dry-run'],
    ['bsn', '--count', 'abc'],
    ['token', '--org', 'GM0363', '--role', 'counsellor', '--ttl', '1h'],
  ])('refuses a number that is not one: %s %s %s', async (...argv) => {
    const run = await ketenpad(...argv);

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/must be a whole number/);
  });

  it('token refuses a command line without --org', async () => {
    const run = await ketenpad('token', '--role', 'counsellor');

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('ketenpad token: missing --org <orgId>');
  });

  it('bsn prints one valid test BSN, and --count distinct ones, one per line', async () => {
    const one = await ketenpad('bsn');
    const many = await ketenpad('bsn', '--count', '50');

    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^9\d{8}\n$/);
    const bsns = many.stdout.trimEnd().split('\n');
    expect(bsns).toHaveLength(50);
    expect(new Set(bsns).size).toBe(50);
    for (const bsn of [one.stdout.trim(), ...bsns]) {
      expect(bsn).toMatch(/^9\d{8}$/);
      expect(isValidBsn(bsn)).toBe(true);
    }
  });

  it('passes bench arguments on to the benchmarks, -h as --help', async () => {
    const run = await ketenpad('bench', '-h');

    expect(run.code).toBe(0);
    const [, args] = jest.mocked(spawnSync).mock.calls[0]!;
    expect(args?.slice(1)).toEqual(['--help']);
  });
});
