import { DfpArgumentError, describeValue } from '../errors';
import type { MppiOptions } from './mppi-controller';
import type { PlanningShaping } from './planning-objective';

/** The behaviour policies of the in-project locomotion datasets (named after D4RL's, but not the same policies). */
export type LocomotionPolicyName = 'random' | 'medium' | 'expert';

/** Names accepted by {@link locomotionPreset}. */
export const LOCOMOTION_POLICIES: readonly LocomotionPolicyName[] = ['random', 'medium', 'expert'];

/** How one dataset's behaviour policy acts. */
export interface LocomotionPreset {
  /** MPPI settings, or `null` for uniform random actions in [-1, 1]. */
  readonly mppi: MppiOptions | null;
  /** Planning-only reward shaping (see {@link PlanningShaping}). */
  readonly shaping: PlanningShaping;
  /** Std of Gaussian noise added to every executed action before clipping (D4RL-style noisy behaviour). */
  readonly actionNoise: number;
}

/** Upright torso for the cheetah: flipping onto its back is the classic failure of short-horizon planners. */
const CHEETAH_SHAPING: PlanningShaping = { anglePenalty: 5, angleFree: 0.5 };
/** Hopper and walker: stay well inside the healthy range (|θ| < 0.2 resp. 1, z > 0.7 resp. 0.8). */
const HOPPER_SHAPING: PlanningShaping = { anglePenalty: 50, angleFree: 0.1, heightPenalty: 50, minHeight: 1.1 };
const WALKER_SHAPING: PlanningShaping = { anglePenalty: 50, angleFree: 0.5, heightPenalty: 50, minHeight: 1.0 };

/**
 * Hopper and walker can fall, so their MPPI weighs a termination penalty; "medium" plans with fewer samples, a
 * lower speed cap and noisy actions.
 */
function balancingPresets(shaping: PlanningShaping): Record<LocomotionPolicyName, LocomotionPreset> {
  const mppi = { noiseStd: 0.3, temperature: 0.1, terminationPenalty: 500 };
  return {
    random: { mppi: null, shaping: {}, actionNoise: 0 },
    medium: { mppi: { ...mppi, samples: 4, horizon: 10 }, shaping: { ...shaping, velocityCap: 0.5 }, actionNoise: 0.1 },
    expert: { mppi: { ...mppi, samples: 8, horizon: 12 }, shaping: { ...shaping, velocityCap: 1 }, actionNoise: 0 },
  };
}

/**
 * Defaults sized so that 100k rows take minutes on one CPU core (see `benchmarks/results/locomotion-datasets-*.json`
 * for the measured time and normalized return of each): "expert" is MPPI with more samples and a longer horizon,
 * "medium" a weaker MPPI with a lower speed cap and noisy actions.
 */
const PRESETS: Record<string, Record<LocomotionPolicyName, LocomotionPreset>> = {
  'halfcheetah-v4': {
    random: { mppi: null, shaping: {}, actionNoise: 0 },
    medium: { mppi: { samples: 8, horizon: 8, noiseStd: 0.8, temperature: 0.1 }, shaping: { ...CHEETAH_SHAPING, velocityCap: 2 }, actionNoise: 0.1 },
    expert: { mppi: { samples: 16, horizon: 10, noiseStd: 0.8, temperature: 0.1 }, shaping: CHEETAH_SHAPING, actionNoise: 0 },
  },
  'hopper-v4': balancingPresets(HOPPER_SHAPING),
  'walker2d-v4': balancingPresets(WALKER_SHAPING),
};

/**
 * The default behaviour policy of a dataset.
 * @throws DfpArgumentError for an unknown env id or policy name, listing the known ones.
 */
export function locomotionPreset(envId: string, policy: LocomotionPolicyName): LocomotionPreset {
  const byPolicy = PRESETS[envId];
  if (!byPolicy) throw new DfpArgumentError(`locomotionPreset: unknown env id ${describeValue(envId)}; known: ${Object.keys(PRESETS).join(', ')}`);
  const preset = byPolicy[policy];
  if (!preset) throw new DfpArgumentError(`locomotionPreset: unknown policy ${describeValue(policy)}; known: ${LOCOMOTION_POLICIES.join(', ')}`);
  return preset;
}
