import { MIN_POSE_PRESENCE, type BodyReport } from '../body/body.analyzer.js';
import type { ObjectReport } from '../objects/objects.analyzer.js';
import type { SquareRegion } from './image-to-tensor.js';

/**
 * Which face tiles are worth running: a tile can only find a face where a person is. Two person
 * witnesses that run on the whole frame anyway say where one may be, and a tile runs when either
 * places a person inside it:
 *   - object detection's person boxes down to 0.2 (POSSIBLE_PERSON_SCORE), far below the 0.62 a
 *     person counts at, since a missed person costs a face (a group's small, half-hidden people
 *     read 0.33–0.41, john1.jpeg's person 0.29, and its pose is no body: presence 0.22);
 *   - the body analyzer's pose, whenever BlazePose sees a body (presence ≥ 0.5, whatever the head
 *     offset): the box of its landmarks.
 * Person segmentation alone is no witness: it calls flowers and camera test scenes person over
 * as much of a tile as it calls john1.jpeg (corpus: 5,100 of a tile's cells at ≥ 0.5 on
 * apple-iphone-5.jpg, 18,300 on flower.jpg, 8,100 on john1.jpeg's).
 * Without both witnesses (one not installed, or failed) every tile runs, as before.
 */
/** A box in fractions of the frame. */
export type FrameBox = { left: number; top: number; right: number; bottom: number };

export type TileGate = (tile: SquareRegion) => boolean;

/** A witness's box is widened by this share of its size on each side: boxes are loose at the head. */
const BOX_MARGIN = 0.1;

/** The box around a pose's landmarks (fractions of the frame). */
export function landmarkBox(landmarks: { x: number; y: number }[]): FrameBox | null {
  if (!landmarks.length) return null;
  const xs = landmarks.map((point) => point.x);
  const ys = landmarks.map((point) => point.y);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

/** Runs a tile when any witness box (fractions of the frame) overlaps it. */
export function personTileGate(witnesses: FrameBox[], frame: { width: number; height: number }): TileGate {
  const boxes = witnesses.map((box) => {
    const marginX = (box.right - box.left) * BOX_MARGIN;
    const marginY = (box.bottom - box.top) * BOX_MARGIN;
    return { left: (box.left - marginX) * frame.width, top: (box.top - marginY) * frame.height, right: (box.right + marginX) * frame.width, bottom: (box.bottom + marginY) * frame.height };
  });
  return (tile) => boxes.some((box) => box.left < tile.left + tile.size && box.right > tile.left && box.top < tile.top + tile.size && box.bottom > tile.top);
}

/** The witnesses' boxes: every possible person the detector sees and a pose that sees a body. */
export function personWitnesses(body: BodyReport, objects: ObjectReport): FrameBox[] {
  const people = objects.possible_people.map((detection) => detection.box);
  const pose = body.pose && body.pose.presence >= MIN_POSE_PRESENCE ? landmarkBox(Object.values(body.pose.landmarks)) : null;
  return pose ? [...people, pose] : people;
}
