// A throwaway Redis for the real-stack test: Debian's redis-server on a free loopback port,
// nothing saved to disk, stopped by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningRedis {
  /** e.g. `redis://127.0.0.1:41234/0` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Start `redis-server` on a free 127.0.0.1 port and resolve once it answers PING. */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  // Its working folder, in case a Redis build writes anything despite --save '' and --appendonly no.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => {
    server.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? 'redis-server is not installed. Install it with: apt-get install -y redis-server'
          : `redis-server could not start: ${error.message}`,
      ),
    );
    server.on('exit', (code, signal) =>
      resolve(`redis-server exited (${signal ?? `code ${code}`}):\n${output}`),
    );
  });

  const stop = async () => {
    await stopProcess(server);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const running = () => server.exitCode === null && server.signalCode === null && server.pid !== undefined;
  const ready = await Promise.race([waitForPong(port, running), exited]);
  if (ready !== true) {
    await stop();
    throw new Error(ready === false ? `redis-server did not answer PING on port ${port}:\n${output}` : ready);
  }
  return { url: `redis://127.0.0.1:${port}/0`, port, stop };
}

/** A port the kernel just handed out on 127.0.0.1, released for redis-server to take. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls with PING until Redis answers +PONG (true), or it died or the start timeout passed (false). */
async function waitForPong(port: number, running: () => boolean): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (running() && Date.now() < deadline) {
    if (await ping(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** SIGTERM, then SIGKILL if it is still running after the stop timeout. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
