/**
 * Every file a process (and each of its threads) opens, and every byte it writes to a file, as
 * Debian's `strace` sees them: the privacy tests run the edge node under it. Threads are followed
 * (`-f`: the detection workers and libuv's pool are threads); programs it starts are let go at
 * their `execve` (`-b execve`: ffmpeg's and esbuild's own work is not ours to trace). Only file
 * system calls stop the process (`--seccomp-bpf`), so it runs at nearly full speed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const STRACE_BIN = process.env.STRACE_BIN ?? ['/usr/bin/strace', '/bin/strace', '/usr/local/bin/strace'].find((file) => existsSync(file));

/** Bytes of each written buffer the trace keeps; SQLite writes at most a page (4096) at a time. */
export const TRACE_STRING_LIMIT = 8192;

const CALLS = [
  'open', 'openat', 'openat2', 'creat', 'rename', 'renameat', 'renameat2', 'mkdir', 'mkdirat', 'unlink', 'unlinkat', 'rmdir',
  'link', 'linkat', 'symlink', 'symlinkat', 'truncate', 'ftruncate', 'write', 'pwrite64', 'writev', 'pwritev', 'pwritev2',
];

export interface FileActivity {
  /** Every open, with the absolute path and its flags (e.g. ['O_RDWR', 'O_CREAT', 'O_CLOEXEC']). */
  opened: { pid: number; path: string; flags: string[] }[];
  /** Bytes written to each regular file (not pipes, sockets, event fds or terminals), in order. */
  written: Map<string, Buffer[]>;
  /** Writes to regular files longer than the trace keeps: their bytes were not all seen. */
  clipped: { path: string; bytes: number }[];
  /** Files and folders created, renamed, linked, removed or truncated by path. */
  changed: { call: string; paths: string[] }[];
}

/** Starts `command` under strace, writing its trace to `traceFile`. */
export function spawnTraced(command: string, args: string[], options: { traceFile: string; cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  if (!STRACE_BIN) throw new Error('the privacy tests need strace: apt-get install strace (or set STRACE_BIN)');
  const straceArgs = ['-f', '-b', 'execve', '-y', '-qq', '--seccomp-bpf', '-x', '-s', String(TRACE_STRING_LIMIT), '-e', `trace=${CALLS.join(',')}`, '-o', options.traceFile];
  return spawn(STRACE_BIN, [...straceArgs, command, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A C string as strace prints it with -x (the opening quote already consumed) → its bytes and where it ends. */
function readString(line: string, start: number): { bytes: Buffer; end: number; truncated: boolean } {
  const out: number[] = [];
  let i = start;
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92 };
  while (i < line.length && line[i] !== '"') {
    if (line[i] !== '\\') {
      out.push(...Buffer.from(line[i]!, 'latin1'));
      i++;
      continue;
    }
    const next = line[i + 1]!;
    if (next === 'x') {
      out.push(parseInt(line.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (next in simple) {
      out.push(simple[next]!);
      i += 2;
    } else {
      const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1))![0];
      out.push(parseInt(octal, 8));
      i += 1 + octal.length;
    }
  }
  const truncated = line.startsWith('...', i + 1);
  return { bytes: Buffer.from(out), end: i + 1 + (truncated ? 3 : 0), truncated };
}

/** All quoted strings of a call's arguments, in order. */
function strings(line: string, from: number): { bytes: Buffer; truncated: boolean; end: number }[] {
  const found = [];
  for (let i = line.indexOf('"', from); i >= 0; i = line.indexOf('"', i)) {
    const string = readString(line, i + 1);
    found.push(string);
    i = string.end;
  }
  return found;
}

const isRegularFile = (target: string) => target.startsWith('/') && !/^\/(dev|proc|sys)\//.test(target);

export function parseTrace(text: string): FileActivity {
  const activity: FileActivity = { opened: [], written: new Map(), clipped: [], changed: [] };
  for (const line of text.split('\n')) {
    const call = /^(\d+) +([a-z0-9_]+)\((.*)$/.exec(line);
    if (!call) continue; // "<... resumed>" lines carry only the result
    const [, pid, name, rest] = call;
    const args = rest!;
    if (name === 'open' || name === 'openat' || name === 'openat2' || name === 'creat') {
      const cwd = /^AT_FDCWD<([^>]*)>/.exec(args)?.[1] ?? /^\d+<([^>]*)>/.exec(args)?.[1] ?? '/';
      const [file] = strings(args, 0);
      if (!file) continue;
      const flags = name === 'creat' ? ['O_CREAT', 'O_WRONLY', 'O_TRUNC'] : (/", ([A-Z_|0-9]+)/.exec(args)?.[1] ?? '').split('|');
      activity.opened.push({ pid: Number(pid), path: path.resolve(cwd, file.bytes.toString('latin1')), flags });
    } else if (name!.startsWith('write') || name!.startsWith('pwrite')) {
      const target = /^\d+<([^>]*)>/.exec(args)?.[1];
      if (!target || !isRegularFile(target)) continue;
      const chunks = activity.written.get(target) ?? [];
      activity.written.set(target, chunks);
      for (const { bytes, truncated } of strings(args, 0)) {
        chunks.push(bytes);
        if (truncated) activity.clipped.push({ path: target, bytes: bytes.length });
      }
    } else {
      const paths = strings(args, 0).map((string) => string.bytes.toString('latin1'));
      const fd = /^(?:AT_FDCWD|\d+)<([^>]*)>/.exec(args)?.[1];
      activity.changed.push({ call: name!, paths: paths.length ? paths.map((p) => path.resolve(fd ?? '/', p)) : fd ? [fd] : [] });
    }
  }
  return activity;
}

export function readTrace(traceFile: string): FileActivity {
  return parseTrace(readFileSync(traceFile, 'latin1'));
}

/** Opened to write, create or truncate. */
export function opensForWriting(activity: FileActivity): string[] {
  return [...new Set(activity.opened.filter((open) => open.flags.some((flag) => ['O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND'].includes(flag))).map((open) => open.path))];
}
