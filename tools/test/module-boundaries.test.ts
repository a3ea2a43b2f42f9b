import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const WORKSPACE = fileURLToPath(new URL('../../', import.meta.url));

/** Lints `source` as if it were the file `path` of the workspace, with the workspace's rules. */
async function boundaryErrors(path: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: WORKSPACE });
  const [result] = await eslint.lintText(source, { filePath: `${WORKSPACE}${path}` });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries (eslint.config.mjs)', () => {
  beforeAll(async () => {
    // The rule reads the cached project graph; make sure there is one.
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it('forbids an estimator package to import another estimator package', async () => {
    const errors = await boundaryErrors('packages/estimator-ste/src/violation.ts', "import { createReSTE } from '@signflow/estimator-reste';\nexport const x = createReSTE;\n");
    expect(errors.join('\n')).toMatch(/type:estimator.*can only depend on libs tagged with "type:core"/);
  });

  it('forbids a backbone package to import an estimator package', async () => {
    const errors = await boundaryErrors('packages/zoo-resnet/src/violation.ts', "import { createSTE } from '@signflow/estimator-ste';\nexport const x = createSTE;\n");
    expect(errors.join('\n')).toMatch(/type:backbone.*can only depend on libs tagged with "type:core"/);
  });

  it('allows estimator and backbone packages to import core, and the app to import anything', async () => {
    expect(await boundaryErrors('packages/estimator-ste/src/ok.ts', "import { quantize } from '@signflow/core';\nexport const x = quantize;\n")).toEqual([]);
    expect(await boundaryErrors('apps/trainer/src/ok.ts', "import { createSTE } from '@signflow/estimator-ste';\nexport const x = createSTE;\n")).toEqual([]);
  });
});
