import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * One real app process (`server/src/main.ts`, as `npm start` runs it) for the operations tests: started, stopped
 * with a signal and started again on the same port, its JSON log lines kept.
 */
export type AppProcess = {
  port: number;
  url: string;
  /** Every JSON log line the process wrote, across its restarts. */
  logs: Record<string, unknown>[];
  start: () => Promise<void>;
  /** Sends `signal` and waits for the exit; answers the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  running: () => boolean;
};

export function appProcess(env: Record<string, string>, port: number): AppProcess {
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  const logs: Record<string, unknown>[] = [];
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const proc: AppProcess = {
    port,
    url,
    logs,
    running: () => child !== null,
    start: async () => {
      output = '';
      const started = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          ...env,
          HOST: '127.0.0.1',
          PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      exited = new Promise((resolve) =>
        started.once('exit', (code) => {
          child = null;
          resolve(code);
        }),
      );
      let pending = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          output += `${line}\n`;
          if (line.startsWith('{')) {
            try {
              logs.push(JSON.parse(line));
            } catch {
              // a line that only looks like JSON
            }
          }
        }
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (!child) throw new Error(`the app on port ${port} exited while starting:\n${output.slice(-4000)}`);
        const ready = await fetch(`${url}/api/ready`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (ready) return;
        if (Date.now() > deadline)
          throw new Error(`the app on port ${port} never got ready:\n${output.slice(-4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: async (signal = 'SIGTERM') => {
      child?.kill(signal);
      return exited;
    },
  };
  return proc;
}

/** Signs in through the API as `credentials` (a 200 expected) and answers the session cookie (`name=value`). */
export async function login(url: string, credentials: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
