import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contractsRoot } from '../src';

const generator = path.join(contractsRoot, 'bin', 'generate-types.js');
const generatedFile = path.join(contractsRoot, 'src', 'generated', 'events.ts');

describe('generated event types', () => {
  it('match the schemas: src/generated/events.ts is exactly what the generator produces now', () => {
    // given
    const committed = readFileSync(generatedFile, 'utf8');

    // when (the generator runs in its own node process: prettier cannot load inside Jest)
    const regenerated = execFileSync(process.execPath, [generator, '--stdout'], { encoding: 'utf8' });

    // then (on failure: npm run generate -w @ketenpad/contracts)
    expect(committed).toBe(regenerated);
  });
});
