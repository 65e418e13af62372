// `npm test`: type check, lint, web build, then unit, integration, operations and e2e suites, one after the other.
// Ends with one plain summary line ("N passed, N failed") over every test that ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const run = (label, cmd, args) => {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  console.log(
    `  ${label}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
};

const steps = [
  ['type check', 'npm', ['run', 'typecheck', '--silent']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['web build', 'npm', ['run', 'build', '--silent']],
];
let ok = true;
for (const [label, cmd, args] of steps) ok = run(label, cmd, args) && ok;

const reports = mkdtempSync(path.join(tmpdir(), 'funil-test-'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of ['unit', 'integration', 'ops', 'e2e']) {
  const out = path.join(reports, `${project}.json`);
  const suiteOk = run(`${project} tests`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  ok = suiteOk && ok;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    // Vitest can exit 0 with failed tests (a worker that would not close): the report decides.
    if (report.numFailedTests > 0) console.log(`  ${project}: ${report.numFailedTests} failed`);
    if (report.numTotalTests === 0) {
      console.log(`  ${project}: no tests ran`);
      ok = false;
    }
  } catch {
    console.log(`  ${project}: no report (the suite did not run)`);
    failed += 1;
    ok = false;
  }
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
