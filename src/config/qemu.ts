// The QEMU section: whether and how the emulators for foreign platforms are registered.
import { checkReferences, inputReader, type SectionInputs } from './values.js';

/** The section's inputs and their defaults (empty: none). */
export const QEMU_INPUTS = {
  qemu: 'true',
  'qemu-image': 'docker.io/tonistiigi/binfmt:latest',
} as const;

export interface QemuConfig {
  readonly qemu: boolean;
  /** An image reference, or "host" for the host's qemu-user-static. */
  readonly qemuImage: string;
}

export function parseQemu(raw: SectionInputs<typeof QEMU_INPUTS>): QemuConfig {
  const input = inputReader(raw, QEMU_INPUTS);
  const qemuImage = input.text('qemu-image');
  if (qemuImage !== 'host') checkReferences('qemu-image', [qemuImage], 'is');
  return { qemu: input.bool('qemu'), qemuImage };
}
