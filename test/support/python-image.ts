// The base image of Dockerfile.rootfs (python:3.10.18-slim-bookworm) in podman's local storage,
// loaded from ../shared/images when it is not there yet, so that building the default rootfs
// pulls nothing. What the tests that use the default rootfs need, as Needs.
import { execFileSync, spawnSync } from 'node:child_process';
import { needPodman, needPythonImage } from './machine-needs.js';
import { sharedPythonImage, sharedPythonRef } from './shared-paths.js';

/** podman and the shared image archive. */
export const defaultRootfsNeeds = [needPodman, needPythonImage];

/** Loads the shared image into podman unless it is there; returns its image ID (sha256:…). */
export function ensurePythonImage(): string {
  if (spawnSync('podman', ['image', 'exists', sharedPythonRef]).status !== 0) {
    if (sharedPythonImage === undefined) throw new Error(`no archive of ${sharedPythonRef} in ../shared/images`);
    execFileSync('podman', ['load', '-q', '-i', sharedPythonImage], { stdio: 'pipe' });
  }
  return execFileSync('podman', ['image', 'inspect', '--format', '{{.Id}}', sharedPythonRef], { encoding: 'utf8' }).trim().replace(/^(sha256:)?/, 'sha256:');
}
