import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The architecture rules are lint rules; this proves they fail on the imports
 * they exist to forbid, by linting probe files placed where such code would live.
 */
const root = join(__dirname, '../..');

async function lintProbe(relativePath: string, code: string): Promise<string[]> {
  const path = join(root, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  try {
    // The eslint CLI, as `nx lint` runs it (its flat config loads through import(), which jest's VM does not allow).
    const run = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', path], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  } finally {
    rmSync(path);
  }
}

describe('module boundaries', () => {
  it('fails when one service imports another service', async () => {
    const messages = await lintProbe(
      'services/timeline/src/boundary-probe.ts',
      "import { MunicipalityModule } from '@ketenpad/municipality';\nexport const probe = MunicipalityModule;\n",
    );
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('fails when a shared library imports a service', async () => {
    const messages = await lintProbe('libs/messaging/src/boundary-probe.ts', "import { TimelineModule } from '@ketenpad/timeline';\nexport const probe = TimelineModule;\n");
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('fails when domain code imports a framework or an adapter', async () => {
    const framework = await lintProbe('services/municipality/src/domain/boundary-probe.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n");
    expect(framework.some((m) => m.startsWith('no-restricted-imports') && m.includes('Domain code imports no framework'))).toBe(true);
    const adapter = await lintProbe(
      'services/municipality/src/domain/boundary-probe.ts',
      "import { PathwayRepository } from '../adapters/persistence/pathway.repository';\nexport const probe = PathwayRepository;\n",
    );
    expect(adapter.some((m) => m.startsWith('no-restricted-imports') && m.includes('application or adapter'))).toBe(true);
  });

  it('accepts a service importing a shared library', async () => {
    const messages = await lintProbe('services/timeline/src/boundary-probe.ts', "import { JsonLogger } from '@ketenpad/runtime';\nexport const probe = JsonLogger;\n");
    expect(messages).toEqual([]);
  });
});
