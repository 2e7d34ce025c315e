import type { LocomotionSpec } from './locomotion-spec';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import type { MujocoModule } from './mujoco-loader';
import { PLANAR_TORSO_XML, planarLegXml } from './planar-leg-xml';

/**
 * MJCF of Gym's `walker2d.xml` (used by walker2d-v4), written for dfp in local coordinates with Gym's
 * world-frame geometry: torso capsule z ∈ [1.05, 1.45] (r 0.05) with the root hinge at 1.25, two identical legs
 * (thigh r 0.05, leg r 0.04, foot r 0.06 from x 0 to 0.2 at z 0.1), joint armature 0.01, damping 0.1, geom
 * density 1000, friction 0.9 (left foot 1.9, as in Gym's v4 file; Gymnasium v5 changed it to 0.9), motors gear
 * 100, RK4, timestep 0.002.
 */
export const WALKER2D_XML = `<mujoco model="walker2d">
  <compiler angle="degree" inertiafromgeom="true"/>
  <default>
    <joint armature="0.01" damping=".1" limited="true"/>
    <geom conaffinity="0" condim="3" contype="1" density="1000" friction=".7 .1 .1" rgba="0.8 0.6 .4 1"/>
  </default>
  <option integrator="RK4" timestep="0.002"/>
  <worldbody>
    <geom conaffinity="1" condim="3" name="floor" pos="0 0 0" rgba="0.8 0.9 0.8 1" size="40 40 40" type="plane"/>
    <body name="torso" pos="0 0 1.25">
${PLANAR_TORSO_XML}
${planarLegXml({ suffix: '', footFrom: 0, footTo: 0.2, footFriction: 0.9 })}
${planarLegXml({ suffix: '_left', footFrom: 0, footTo: 0.2, footFriction: 1.9, rgba: '.7 .3 .6 1' })}
    </body>
  </worldbody>
  <actuator>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="thigh_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="leg_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="foot_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="thigh_left_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="leg_left_joint"/>
    <motor ctrllimited="true" ctrlrange="-1.0 1.0" gear="100" joint="foot_left_joint"/>
  </actuator>
</mujoco>
`;

/** Gym's walker2d `is_healthy` (v4 defaults): torso height `qpos[1]` in (0.8, 2.0) and angle `qpos[2]` in (-1, 1). */
export function walker2dIsHealthy(qpos: ArrayLike<number>, _qvel: ArrayLike<number>): boolean {
  return qpos[1] > 0.8 && qpos[1] < 2 && qpos[2] > -1 && qpos[2] < 1;
}

/** The data that define `walker2d-v4`. */
export const WALKER2D_SPEC: LocomotionSpec = {
  id: 'walker2d-v4',
  xml: WALKER2D_XML,
  frameSkip: 4,
  obsDim: 17,
  actDim: 6,
  forwardRewardWeight: 1,
  ctrlCostWeight: 1e-3,
  healthyReward: 1,
  velocityClip: 10,
  isHealthy: walker2dIsHealthy,
  resetNoise: { scale: 5e-3, qvel: 'uniform' },
  referenceScores: { min: 1.629008, max: 4592.3 },
  description: 'Gym-MuJoCo Walker2d (v4): 2-D biped, 17-d observation, 6-d action, mujoco-js',
};

/**
 * Walker2d (Gymnasium `walker2d-v4`, D4RL `walker2d-*`), simulated with MuJoCo 3.3.8 (mujoco-js).
 *
 * **Description.** A 2-D biped (torso and two legs of thigh, leg, foot) that should walk forward (+x).
 *
 * **Action space.** `Box(-1, 1, [6])`: torques on the right thigh, leg, foot, then the left ones (gear 100).
 * Actions outside the box are clipped before use.
 *
 * **Observation space.** `Box(-inf, inf, [17])`: `qpos[1:9]` (torso z, torso angle, 6 joint angles) and
 * `clip(qvel, -10, 10)` (9 velocities).
 *
 * **Rewards.** `Δx/dt + 1 - 1e-3·‖a‖²` with `dt = 0.002 · 4 = 0.008`; `info` as for the hopper.
 *
 * **Starting state.** `qpos = [0, 1.25, 0, ...] + U(±0.005)`, `qvel = U(±0.005)`.
 *
 * **Episode end.** Terminated when unhealthy ({@link walker2dIsHealthy}); truncated after 1000 steps.
 *
 * **Reference scores.** D4RL: random 1.629008, expert 4592.3 (all walker2d datasets, v0-v2).
 *
 * **Version history.** dfp v4 follows Gymnasium v4 (left foot friction 1.9), on MuJoCo 3.
 */
export class Walker2dEnv extends MujocoEnv {
  constructor(mj: MujocoModule, options: MujocoEnvOptions = {}) {
    super(mj, WALKER2D_SPEC, options);
  }
}
