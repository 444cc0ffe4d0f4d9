import { describe, expect, test } from 'vitest';
import { MinopsError } from '../../src/errors.js';
import { formatRootfsSource, parseRootfsSource, type RootfsSource } from '../../src/config/rootfs-source.js';

describe('rootfs sources in transport syntax', () => {
  test.each<[string, RootfsSource]>([
    ['dockerfile:Dockerfile.rootfs', { kind: 'dockerfile', path: 'Dockerfile.rootfs' }],
    ['docker-daemon:python:3.10-slim', { kind: 'docker-daemon', ref: 'python:3.10-slim' }],
    ['podman:docker.io/library/python:3.12@sha256:abc', { kind: 'podman', ref: 'docker.io/library/python:3.12@sha256:abc' }],
    ['docker-archive:/tmp/py.tar', { kind: 'docker-archive', file: '/tmp/py.tar' }],
    ['oci-archive:py.oci.tar', { kind: 'oci-archive', file: 'py.oci.tar' }],
    ['oci:./layout', { kind: 'oci', dir: './layout' }],
    ['dir:/srv/root fs', { kind: 'dir', path: '/srv/root fs' }],
    ['host', { kind: 'host' }],
  ])('%s', (text, source) => {
    expect(parseRootfsSource(text)).toEqual(source);
    expect(formatRootfsSource(source)).toBe(text);
  });

  test.each([
    ['docker:python', '--rootfs: unknown rootfs source "docker:python"; did you mean "docker-daemon:python"?'],
    ['podmn:python', '--rootfs: unknown rootfs source "podmn:python"; did you mean "podman:python"?'],
    ['python:3.10', '--rootfs: unknown rootfs source "python:3.10"; write TRANSPORT:VALUE'],
    ['Dockerfile', '--rootfs: unknown rootfs source "Dockerfile"; write TRANSPORT:VALUE'],
    ['podman:', '--rootfs: "podman:" names no image after "podman:"'],
    ['dir:', '--rootfs: "dir:" names no path after "dir:"'],
    ['host:/', '--rootfs: "host" takes no value, got "host:/"'],
  ])('%j is a usage error', (text, message) => {
    let error: unknown;
    try {
      parseRootfsSource(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MinopsError);
    expect((error as MinopsError).code).toBe('USAGE');
    expect((error as MinopsError).message).toContain(message);
  });
});
