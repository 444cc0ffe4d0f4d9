// What a Dockerfile's build depends on, read from its text: what the build memo checks.
import { describe, expect, test } from 'vitest';
import { dockerfileInputs } from '../../src/rootfs/dockerfile-inputs.js';

describe('dockerfileInputs', () => {
  test('FROM only: the base, nothing from the context', () => {
    expect(dockerfileInputs('# a comment\nFROM docker.io/library/python:3.10.18-slim-bookworm\n')).toEqual({
      kind: 'pinned',
      bases: ['docker.io/library/python:3.10.18-slim-bookworm'],
      sources: [],
    });
  });

  test('COPY and ADD sources in both forms, flags apart, continuations joined; stages and heredocs are not context', () => {
    const text = [
      'FROM python:3.10 AS build',
      'COPY --chown=1000:1000 requirements.txt \\',
      '     src/ /app/',
      'RUN pip install -r /app/requirements.txt',
      'FROM python:3.10-slim',
      'COPY --from=build /usr/local/lib /usr/local/lib',
      'COPY --from=docker.io/library/busybox:1 /bin/busybox /bin/',
      'ADD ["data dir/archive.tar", "/data/"]',
      'COPY <<EOF /etc/motd',
      'hello',
      'EOF',
      'COPY *.py /app/',
    ].join('\n');
    expect(dockerfileInputs(text)).toEqual({
      kind: 'pinned',
      bases: ['python:3.10', 'python:3.10-slim', 'docker.io/library/busybox:1'],
      sources: ['requirements.txt', 'src/', 'data dir/archive.tar', '*.py'],
    });
  });

  test.each([
    ['FROM ${BASE}\n', 'a FROM line uses a variable'],
    ['FROM python:3.10\nADD https://example.org/x.tar.gz /x/\n', 'ADD fetches https://example.org/x.tar.gz'],
    ['FROM python:3.10\nCOPY $SRC /app/\n', 'COPY source $SRC uses a variable'],
    ['# escape=`\nFROM python:3.10\n', 'it changes the escape character'],
  ])('%j cannot be pinned: %s', (text, why) => {
    expect(dockerfileInputs(text)).toEqual({ kind: 'unpinned', why });
  });
});
