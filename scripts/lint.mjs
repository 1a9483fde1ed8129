// Project rules no compiler checks: environment read in one place, exact dependency pins, no focused tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const problems = [];

// The environment is read by the config module (and by the test kit, which decides where tests find services, as
// does the events package's own test helper: the kit depends on that package, so it cannot use the kit).
const mayReadEnv = [/^packages\/config\/src\//, /^packages\/testkit\/src\//, /^packages\/events\/test\//, /^scripts\//];
for (const file of files.filter((f) => /\.(ts|mjs|js)$/.test(f) && !f.endsWith('.test.ts'))) {
  if (mayReadEnv.some((allowed) => allowed.test(file))) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/process\.env\b/.test(line)) problems.push(`${file}:${i + 1}: read configuration through @caregraph/config, not process.env`);
  });
}

// Exact versions only (one lockfile, reproducible installs); workspace packages are linked with "*".
for (const file of files.filter((f) => f.endsWith('package.json'))) {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides']) {
    for (const [name, version] of Object.entries(manifest[field] ?? {})) {
      const workspace = name.startsWith('@caregraph/') && version === '*';
      if (!workspace && !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(String(version))) problems.push(`${file}: ${field}.${name} is "${version}": pin an exact version`);
    }
  }
}

for (const file of files.filter((f) => f.endsWith('.test.ts'))) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\b(describe|it|test)\.only\(/.test(line)) problems.push(`${file}:${i + 1}: focused test (.only) would skip the rest of the suite`);
  });
}

if (problems.length) {
  console.error(`lint: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);
