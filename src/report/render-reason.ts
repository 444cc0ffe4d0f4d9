// A Reason as the one line a person reads in the report.
import type { Reason } from '../bundle/bundle-plan.js';

const base = (guest: string): string => guest.slice(guest.lastIndexOf('/') + 1);

export function renderReason(reason: Reason): string {
  switch (reason.kind) {
    case 'script':
      return 'the script';
    case 'user':
      return reason.detail;
    case 'interpreter':
      return 'the program';
    case 'loader':
      return `PT_INTERP of ${base(reason.by)}`;
    case 'needed':
      return reason.chain.map(base).join(' → ');
    case 'import':
      return `import ${(reason.chain.length > 0 ? reason.chain : [reason.module]).join(' → ')}`;
    case 'startup':
      return `interpreter start-up: ${reason.module}`;
    case 'stdlib':
      return '--slim stdlib';
    case 'site-packages':
      return 'site-packages';
    case 'implicit':
      return `implicit: ${reason.why}`;
    case 'dlopen':
      return `loaded by ${reason.by} at run time: ${reason.why}`;
    case 'data':
      return `read by ${reason.by} at run time: ${reason.why}`;
    case 'probe':
      return 'opened by the program in its probe run';
    case 'config':
      return `config ${reason.key}`;
    case 'generated':
      return `generated: ${reason.why}`;
    case 'rootfs':
      return '--slim none';
    case 'parent':
      return 'parent directory';
  }
}
