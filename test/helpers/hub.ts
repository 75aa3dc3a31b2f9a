import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A local stand-in for the Hugging Face hub, serving one model folder. */
export interface FakeHub {
  url: string;
  /** Every path asked for, in order. */
  requested: string[];
  close(): Promise<void>;
}

/** Serves `folder` the way the hub does, as /Xenova/all-MiniLM-L6-v2/resolve/main/{file}; 404 for the rest. */
export async function serveModelHub(folder: string): Promise<FakeHub> {
  const requested: string[] = [];
  const hub = createServer((req, res) => {
    requested.push(req.url ?? '');
    const m = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const file = m ? path.join(folder, decodeURIComponent(m[1]!)) : '';
    if (!m || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => hub.once('listening', r));
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
    requested,
    close: () => {
      closed ??= new Promise((r) => hub.close(() => r()));
      return closed;
    },
  };
}
