import { randomInt } from 'node:crypto';
import { wholeNumberOption, type CommandSpec, type ParsedArguments } from './arguments';
import { demoBsn } from './demo/demo-resident.bsn';

const MAX_COUNT = 1000;

export const BSN_COMMAND: CommandSpec = {
  name: 'bsn',
  summary: 'Print fictitious test BSNs that pass the elfproef, one per line.',
  details:
    'BSN=$(npx ketenpad bsn) gives a fresh one each run; they start with 9, clear of the low range the tests use.',
  options: {
    count: { type: 'string', value: '<n>', description: `how many (default 1, at most ${MAX_COUNT})` },
  },
};

/** Distinct test BSNs from a fresh random nonce: a second run does not repeat the first. */
export function testBsns(count: number, nonce: number = randomInt(1_000_000_007)): string[] {
  return Array.from({ length: count }, (_, index) => demoBsn(nonce, index));
}

export async function bsnCommand(args: ParsedArguments): Promise<number> {
  const count = wholeNumberOption(args, 'count', 1, MAX_COUNT) ?? 1;
  process.stdout.write(testBsns(count).join('\n') + '\n');
  return 0;
}
