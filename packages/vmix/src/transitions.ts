/**
 * Transition effects vMix runs as shortcut functions of the same name (Shortcut Function
 * Reference → Transition). `Cut` takes no duration.
 */
export const VMIX_TRANSITIONS = [
  'Cut',
  'Fade',
  'Merge',
  'Wipe',
  'WipeReverse',
  'Zoom',
  'Slide',
  'SlideReverse',
  'Fly',
  'FlyRotate',
  'CrossZoom',
  'Cube',
  'CubeZoom',
  'VerticalWipe',
  'VerticalWipeReverse',
  'VerticalSlide',
  'VerticalSlideReverse',
  'BarnDoor',
  'RollerDoor',
  'Stinger1',
  'Stinger2',
  'Stinger3',
  'Stinger4',
] as const;

/** A vMix transition function name. */
export type VmixTransition = (typeof VMIX_TRANSITIONS)[number];

/** The canonical function name for a transition type, matched case-insensitively. */
export function canonicalTransition(type: string): VmixTransition | undefined {
  const lower = type.toLowerCase();
  return VMIX_TRANSITIONS.find((t) => t.toLowerCase() === lower);
}
