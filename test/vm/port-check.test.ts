import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { bootVm } from '../../src/vm/boot-vm.js';
import { checkPortsFree, socketInodesOnPort } from '../../src/vm/port-check.js';
import { vmSpec } from '../../src/vm/vm-spec.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function holdPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen({ port: 0, host: '0.0.0.0' }, r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

describe('checkPortsFree', () => {
  test('a free port passes (and is released again)', async () => {
    const port = await holdPort();
    await new Promise((r) => servers.pop()!.close(r));
    await expect(checkPortsFree([{ host: port, guest: 80, protocol: 'tcp' }])).resolves.toBeUndefined();
    await expect(checkPortsFree([{ host: port, guest: 80, protocol: 'tcp' }])).resolves.toBeUndefined();
  });

  test('a busy port is PORT_BUSY naming the process that holds it', async () => {
    const port = await holdPort();
    const check = checkPortsFree([{ host: port, guest: 80, protocol: 'tcp' }]);
    await expect(check).rejects.toMatchObject({
      code: 'PORT_BUSY',
      message: expect.stringMatching(new RegExp(`^host tcp port ${port} is already in use by .+ \\(pid ${process.pid}\\)$`)),
      hint: 'stop that process or forward another host port, e.g. -p 8081:80',
    });
  });

  test('bootVm refuses a busy port before starting QEMU', async () => {
    const port = await holdPort();
    const boot = bootVm(vmSpec('/nonexistent.img', { accel: 'tcg', ports: [{ host: port, guest: 8080, protocol: 'tcp' }] }), {
      qemu: '/bin/false',
    });
    await expect(boot).rejects.toMatchObject({ code: 'PORT_BUSY' });
  });
});

describe('socketInodesOnPort', () => {
  // Shape of /proc/net/tcp: a listener on :8080 (0x1F90), a connection from :8080, a listener on :22.
  const TABLE = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0',
    '   1: 0100007F:1F90 0100007F:A2B4 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0 20 4 30 10 -1',
    '   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0',
  ].join('\n');

  test('TCP: only listening sockets on that port', () => {
    expect(socketInodesOnPort(TABLE, 8080, 'tcp')).toEqual(['111']);
    expect(socketInodesOnPort(TABLE, 22, 'tcp')).toEqual(['333']);
    expect(socketInodesOnPort(TABLE, 9, 'tcp')).toEqual([]);
  });

  test('UDP: any socket bound to that port', () => {
    expect(socketInodesOnPort(TABLE, 8080, 'udp')).toEqual(['111', '222']);
  });
});
