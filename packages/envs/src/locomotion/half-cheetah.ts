import type { LocomotionSpec } from './locomotion-spec';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco-env';
import type { MujocoModule } from './mujoco-loader';

/**
 * MJCF of Gym's `half_cheetah.xml` (already in local coordinates), written for dfp with Gym's values: total
 * mass 14, torso capsule x ∈ [-0.5, 0.5] (r 0.046) and head, back leg (bthigh, bshin, bfoot) and front leg
 * (fthigh, fshin, ffoot) with Gym's joint ranges, stiffness (240, 180, 120, 180, 120, 60) and damping (6, 4.5, 3,
 * 4.5, 3, 1.5), friction 0.4, motors with gears 120, 90, 60, 120, 60, 30, Euler integrator, timestep 0.01.
 */
export const HALF_CHEETAH_XML = `<mujoco model="cheetah">
  <compiler angle="radian" inertiafromgeom="true" settotalmass="14"/>
  <default>
    <joint armature=".1" damping=".01" limited="true" solimplimit="0 .8 .03" solreflimit=".02 1" stiffness="8"/>
    <geom conaffinity="0" condim="3" contype="1" friction=".4 .1 .1" rgba="0.8 0.6 .4 1" solimp="0.0 0.8 0.01" solref="0.02 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <option gravity="0 0 -9.81" timestep="0.01"/>
  <worldbody>
    <geom conaffinity="1" condim="3" name="floor" pos="0 0 0" rgba="0.8 0.9 0.8 1" size="40 40 40" type="plane"/>
    <body name="torso" pos="0 0 .7">
      <joint armature="0" axis="1 0 0" damping="0" limited="false" name="rootx" pos="0 0 0" stiffness="0" type="slide"/>
      <joint armature="0" axis="0 0 1" damping="0" limited="false" name="rootz" pos="0 0 0" stiffness="0" type="slide"/>
      <joint armature="0" axis="0 1 0" damping="0" limited="false" name="rooty" pos="0 0 0" stiffness="0" type="hinge"/>
      <geom fromto="-.5 0 0 .5 0 0" name="torso" size="0.046" type="capsule"/>
      <geom axisangle="0 1 0 .87" name="head" pos=".6 0 .1" size="0.046 .15" type="capsule"/>
      <body name="bthigh" pos="-.5 0 0">
        <joint axis="0 1 0" damping="6" name="bthigh" pos="0 0 0" range="-.52 1.05" stiffness="240" type="hinge"/>
        <geom axisangle="0 1 0 -3.8" name="bthigh" pos=".1 0 -.13" size="0.046 .145" type="capsule"/>
        <body name="bshin" pos=".16 0 -.25">
          <joint axis="0 1 0" damping="4.5" name="bshin" pos="0 0 0" range="-.785 .785" stiffness="180" type="hinge"/>
          <geom axisangle="0 1 0 -2.03" name="bshin" pos="-.14 0 -.07" rgba="0.9 0.6 0.6 1" size="0.046 .15" type="capsule"/>
          <body name="bfoot" pos="-.28 0 -.14">
            <joint axis="0 1 0" damping="3" name="bfoot" pos="0 0 0" range="-.4 .785" stiffness="120" type="hinge"/>
            <geom axisangle="0 1 0 -.27" name="bfoot" pos=".03 0 -.097" rgba="0.9 0.6 0.6 1" size="0.046 .094" type="capsule"/>
          </body>
        </body>
      </body>
      <body name="fthigh" pos=".5 0 0">
        <joint axis="0 1 0" damping="4.5" name="fthigh" pos="0 0 0" range="-1 .7" stiffness="180" type="hinge"/>
        <geom axisangle="0 1 0 .52" name="fthigh" pos="-.07 0 -.12" size="0.046 .133" type="capsule"/>
        <body name="fshin" pos="-.14 0 -.24">
          <joint axis="0 1 0" damping="3" name="fshin" pos="0 0 0" range="-1.2 .87" stiffness="120" type="hinge"/>
          <geom axisangle="0 1 0 -.6" name="fshin" pos=".065 0 -.09" rgba="0.9 0.6 0.6 1" size="0.046 .106" type="capsule"/>
          <body name="ffoot" pos=".13 0 -.18">
            <joint axis="0 1 0" damping="1.5" name="ffoot" pos="0 0 0" range="-.5 .5" stiffness="60" type="hinge"/>
            <geom axisangle="0 1 0 -.6" name="ffoot" pos=".045 0 -.07" rgba="0.9 0.6 0.6 1" size="0.046 .07" type="capsule"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor gear="120" joint="bthigh" name="bthigh"/>
    <motor gear="90" joint="bshin" name="bshin"/>
    <motor gear="60" joint="bfoot" name="bfoot"/>
    <motor gear="120" joint="fthigh" name="fthigh"/>
    <motor gear="60" joint="fshin" name="fshin"/>
    <motor gear="30" joint="ffoot" name="ffoot"/>
  </actuator>
</mujoco>
`;

/** The data that define `halfcheetah-v4`. */
export const HALF_CHEETAH_SPEC: LocomotionSpec = {
  id: 'halfcheetah-v4',
  xml: HALF_CHEETAH_XML,
  frameSkip: 5,
  obsDim: 17,
  actDim: 6,
  forwardRewardWeight: 1,
  ctrlCostWeight: 0.1,
  healthyReward: 0,
  velocityClip: null,
  isHealthy: null,
  resetNoise: { scale: 0.1, qvel: 'normal' },
  referenceScores: { min: -280.178953, max: 12135.0 },
  description: 'Gym-MuJoCo HalfCheetah (v4): 2-D cheetah, 17-d observation, 6-d action, never terminates, mujoco-js',
};

/**
 * HalfCheetah (Gymnasium `halfcheetah-v4`, D4RL `halfcheetah-*`), simulated with MuJoCo 3.3.8 (mujoco-js).
 *
 * **Description.** A 2-D cheetah (torso, head, back and front legs of 3 segments each) that should run forward.
 *
 * **Action space.** `Box(-1, 1, [6])`: torques on bthigh, bshin, bfoot, fthigh, fshin, ffoot (gears 120, 90,
 * 60, 120, 60, 30). Actions outside the box are clipped before use.
 *
 * **Observation space.** `Box(-inf, inf, [17])`: `qpos[1:9]` (torso z, torso angle, 6 joint angles) and `qvel`
 * (9 velocities, not clipped).
 *
 * **Rewards.** `Δx/dt - 0.1·‖a‖²` with `dt = 0.01 · 5 = 0.05`; `info` has `xPosition`, `xVelocity`,
 * `rewardForward`, `rewardCtrl`, `rewardSurvive` (always 0).
 *
 * **Starting state.** `qpos = 0 + U(±0.1)` (torso at z 0.7), `qvel = 0.1 · N(0, 1)`.
 *
 * **Episode end.** Never terminates; truncated after 1000 steps.
 *
 * **Reference scores.** D4RL: random -280.178953, expert 12135.0 (all halfcheetah datasets, v0-v2).
 *
 * **Version history.** dfp v4 follows Gymnasium v4, on MuJoCo 3.
 */
export class HalfCheetahEnv extends MujocoEnv {
  constructor(mj: MujocoModule, options: MujocoEnvOptions = {}) {
    super(mj, HALF_CHEETAH_SPEC, options);
  }
}
