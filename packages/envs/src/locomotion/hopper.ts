import type { LocomotionSpec } from './locomotion-spec';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import type { MujocoModule } from './mujoco-loader';
import { PLANAR_TORSO_XML, planarLegXml } from './planar-leg-xml';

/**
 * MJCF of Gym's `hopper.xml`, written for dfp. Gym states it in global coordinates; here every body frame sits
 * at its joint (local coordinates, which MuJoCo ≥ 2.1 requires), with the same world-frame geometry: torso
 * capsule z ∈ [1.05, 1.45] (r 0.05), thigh [0.6, 1.05] (r 0.05), leg [0.1, 0.6] (r 0.04), foot along x from
 * -0.13 to 0.26 at z 0.1 (r 0.06, friction 2.0); hinges at z 1.25 (root), 1.05, 0.6, 0.1 with ranges
 * -150..0, -150..0, -45..45 deg, armature 1, damping 1; motors gear 200; RK4, timestep 0.002.
 * Materials and lights are left out (no rendering).
 */
export const HOPPER_XML = `<mujoco model="hopper">
  <compiler angle="degree" inertiafromgeom="true"/>
  <default>
    <joint armature="1" damping="1" limited="true"/>
    <geom conaffinity="1" condim="1" contype="1" margin="0.001" rgba="0.8 0.6 .4 1" solimp=".8 .8 .01" solref=".02 1"/>
    <motor ctrllimited="true" ctrlrange="-.4 .4"/>
  </default>
  <option integrator="RK4" timestep="0.002"/>
  <worldbody>
    <geom conaffinity="1" condim="3" name="floor" pos="0 0 0" rgba="0.8 0.9 0.8 1" size="20 20 .125" type="plane"/>
    <body name="torso" pos="0 0 1.25">
${PLANAR_TORSO_XML}
${planarLegXml({ suffix: '', footFrom: -0.13, footTo: 0.26, footFriction: 2.0 })}
    </body>
  </worldbody>
  <actuator>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="200.0" joint="thigh_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="200.0" joint="leg_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="200.0" joint="foot_joint"/>
  </actuator>
</mujoco>
`;

/**
 * Gym's hopper `is_healthy` (v4 defaults): every entry of `[qpos, qvel][2:]` in (-100, 100) (NaN fails),
 * torso height `qpos[1] > 0.7` and torso angle `qpos[2]` in (-0.2, 0.2).
 */
export function hopperIsHealthy(qpos: ArrayLike<number>, qvel: ArrayLike<number>): boolean {
  for (let i = 2; i < qpos.length; i++) if (!(qpos[i] > -100 && qpos[i] < 100)) return false;
  for (let i = 0; i < qvel.length; i++) if (!(qvel[i] > -100 && qvel[i] < 100)) return false;
  return qpos[1] > 0.7 && qpos[2] > -0.2 && qpos[2] < 0.2;
}

/** The data that define `hopper-v4`. */
export const HOPPER_SPEC: LocomotionSpec = {
  id: 'hopper-v4',
  xml: HOPPER_XML,
  frameSkip: 4,
  obsDim: 11,
  actDim: 3,
  forwardRewardWeight: 1,
  ctrlCostWeight: 1e-3,
  healthyReward: 1,
  velocityClip: 10,
  isHealthy: hopperIsHealthy,
  resetNoise: { scale: 5e-3, qvel: 'uniform' },
  referenceScores: { min: -20.272305, max: 3234.3 },
  description: 'Gym-MuJoCo Hopper (v4): one-legged hopper, 11-d observation, 3-d action, mujoco-js',
};

/**
 * Hopper (Gymnasium `hopper-v4`, D4RL `hopper-*`), simulated with MuJoCo 3.3.8 (mujoco-js).
 *
 * **Description.** A 2-D one-legged robot (torso, thigh, leg, foot) that should hop forward (+x).
 *
 * **Action space.** `Box(-1, 1, [3])`: torques on the thigh, leg and foot hinges (gear 200). Actions outside
 * the box are clipped before use.
 *
 * **Observation space.** `Box(-inf, inf, [11])`: `qpos[1:6]` (torso z, torso angle, 3 joint angles) and
 * `clip(qvel, -10, 10)` (x, z, angle velocities of the torso and 3 joint velocities).
 *
 * **Rewards.** `Δx/dt + 1 - 1e-3·‖a‖²` with `dt = 0.002 · 4 = 0.008`; `info` has `xPosition`, `xVelocity`,
 * `rewardForward`, `rewardCtrl`, `rewardSurvive`.
 *
 * **Starting state.** `qpos = [0, 1.25, 0, 0, 0, 0] + U(±0.005)`, `qvel = U(±0.005)`.
 *
 * **Episode end.** Terminated when unhealthy ({@link hopperIsHealthy}); truncated after 1000 steps.
 *
 * **Reference scores.** D4RL: random -20.272305, expert 3234.3 (all hopper datasets, v0-v2).
 *
 * **Version history.** dfp v4 follows Gymnasium v4 (`x` = `qpos[0]`), on MuJoCo 3 instead of mujoco-py 2.0.
 */
export class HopperEnv extends MujocoEnv {
  constructor(mj: MujocoModule, options: MujocoEnvOptions = {}) {
    super(mj, HOPPER_SPEC, options);
  }
}
