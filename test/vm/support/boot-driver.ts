// A tiny minops stand-in for signal tests: boots the disk given as argv[2] under TCG (blank disk:
// SeaBIOS finds nothing and waits) and exits with bootVm's status, as the CLI does.
import { bootVm } from '../../../src/vm/boot-vm.js';
import { vmSpec } from '../../../src/vm/vm-spec.js';

const result = await bootVm(vmSpec(process.argv[2]!, { accel: 'tcg', memoryMiB: 64 }), {});
process.exit(result.status);
