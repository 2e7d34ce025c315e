/**
 * The leg shared by Gym's hopper and walker2d MJCF, in local coordinates (body frame at each joint): thigh capsule
 * from z 1.05 to 0.6 (r 0.05), leg from 0.6 to 0.1 (r 0.04), foot capsule along x at z 0.1 (r 0.06), hinges about
 * -y with ranges -150..0, -150..0 and -45..45 deg. Only the foot's extent and friction differ between the robots.
 * @internal
 */
export function planarLegXml(o: { suffix: string; footFrom: number; footTo: number; footFriction: number; rgba?: string }): string {
  const s = o.suffix;
  const rgba = o.rgba ? `rgba="${o.rgba}" ` : '';
  return `      <body name="thigh${s}" pos="0 0 -0.2">
        <joint axis="0 -1 0" name="thigh${s}_joint" pos="0 0 0" range="-150 0" type="hinge"/>
        <geom friction="0.9" fromto="0 0 0 0 0 -0.45" name="thigh${s}_geom" ${rgba}size="0.05" type="capsule"/>
        <body name="leg${s}" pos="0 0 -0.45">
          <joint axis="0 -1 0" name="leg${s}_joint" pos="0 0 0" range="-150 0" type="hinge"/>
          <geom friction="0.9" fromto="0 0 0 0 0 -0.5" name="leg${s}_geom" ${rgba}size="0.04" type="capsule"/>
          <body name="foot${s}" pos="0 0 -0.5">
            <joint axis="0 -1 0" name="foot${s}_joint" pos="0 0 0" range="-45 45" type="hinge"/>
            <geom friction="${o.footFriction}" fromto="${o.footFrom} 0 0 ${o.footTo} 0 0" name="foot${s}_geom" ${rgba}size="0.06" type="capsule"/>
          </body>
        </body>
      </body>`;
}

/** The torso of hopper and walker2d: x/z slides and the pitch hinge at z 1.25, capsule z ∈ [1.05, 1.45]. @internal */
export const PLANAR_TORSO_XML = `      <joint armature="0" axis="1 0 0" damping="0" limited="false" name="rootx" pos="0 0 0" stiffness="0" type="slide"/>
      <joint armature="0" axis="0 0 1" damping="0" limited="false" name="rootz" pos="0 0 0" ref="1.25" stiffness="0" type="slide"/>
      <joint armature="0" axis="0 1 0" damping="0" limited="false" name="rooty" pos="0 0 0" stiffness="0" type="hinge"/>
      <geom friction="0.9" fromto="0 0 0.2 0 0 -0.2" name="torso_geom" size="0.05" type="capsule"/>`;
