import { commandUsage, parseCommandArguments, UsageError, wholeNumberOption, type CommandSpec } from './arguments';

const SPEC: CommandSpec = {
  name: 'example',
  summary: 'An example command.',
  options: {
    org: { type: 'string', value: '<orgId>', required: true, description: 'the organisation' },
    pathways: { type: 'string', value: '<n>', description: 'how many' },
    'dry-run': { type: 'boolean', description: 'plan only' },
  },
};

function refusal(argv: string[]): string {
  try {
    parseCommandArguments(SPEC, argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseCommandArguments', () => {
  it('returns string and boolean options by name', () => {
    // when
    const outcome = parseCommandArguments(SPEC, ['--org', 'GM0363', '--pathways=20', '--dry-run']);

    // then
    expect(outcome).toEqual({ kind: 'run', args: { options: { org: 'GM0363', pathways: '20', 'dry-run': true } } });
  });

  it('refuses an unknown option and names the option it resembles', () => {
    expect(refusal(['--org', 'GM0363', '--pathway', '10'])).toBe(
      "unknown option '--pathway' (did you mean --pathways?)",
    );
    expect(refusal(['--org', 'GM0363', '-x'])).toBe("unknown option '-x'");
  });

  it('refuses a string option without its value, a value on a flag and a stray argument', () => {
    expect(refusal(['--org', 'GM0363', '--pathways'])).toMatch(/--pathways/);
    expect(refusal(['--org', 'GM0363', '--dry-run=yes'])).toMatch(/--dry-run/);
    expect(refusal(['--org', 'GM0363', 'extra'])).toMatch(/extra/);
  });

  it('refuses a command line without a required option', () => {
    expect(refusal(['--pathways', '20'])).toBe('missing --org <orgId>');
  });

  it('asks for help on --help or -h, even next to a mistake', () => {
    expect(parseCommandArguments(SPEC, ['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandArguments(SPEC, ['--pathway', '10', '-h'])).toEqual({ kind: 'help' });
  });

  it('does not take --help after -- for a request for help', () => {
    expect(refusal(['--org', 'GM0363', '--', '--help'])).toMatch(/--help/);
  });
});

describe('wholeNumberOption', () => {
  const args = (value: string) => ({ options: { pathways: value } });

  it('reads a whole number in range, and nothing when the option is absent', () => {
    expect(wholeNumberOption(args('20'), 'pathways', 16)).toBe(20);
    expect(wholeNumberOption({ options: {} }, 'pathways', 16)).toBeUndefined();
  });

  it.each(['abc', '', '2.5', '10', '1e9'])('refuses %p for a whole number from 16 to 1000', (value) => {
    expect(() => wholeNumberOption(args(value), 'pathways', 16, 1000)).toThrow(UsageError);
  });
});

describe('commandUsage', () => {
  it('shows the required options in the synopsis and every option with its description', () => {
    // when
    const usage = commandUsage(SPEC);

    // then
    expect(usage.split('\n')[0]).toBe('usage: ketenpad example --org <orgId> [options]');
    expect(usage).toMatch(/--pathways <n>\s+how many/);
    expect(usage).toMatch(/--dry-run\s+plan only/);
    expect(usage).toMatch(/-h, --help\s+show this help/);
  });
});
