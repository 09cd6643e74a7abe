import { MODULE_TRACK_IDS, type ModuleTrackId, type Program } from '../program/program-schema.js';
import type { PartnerSnapshot, TrackProgress } from './types.js';

/** Modules completed as a usable count: negative, fractional or non-numbers read as what they can mean. */
function completedModules(snapshot: PartnerSnapshot, track: ModuleTrackId): number {
  const value = snapshot.modulesCompleted?.[track];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 0;
  return Math.floor(value);
}

/**
 * Progress on every training track, foundation first. Foundation has one "module": it is complete
 * or not. A module track is complete when completed ≥ its module count, so a track with 0 modules is
 * always complete: the vendor asks nothing of it (it still earns no score points). Completed may
 * exceed the total (HubSpot holds whatever was typed); completion and score cap it.
 */
export function assessTrackProgress(snapshot: PartnerSnapshot, program: Program): TrackProgress[] {
  const foundation: TrackProgress = {
    track: 'foundation',
    completed: snapshot.foundationComplete ? 1 : 0,
    total: 1,
    complete: snapshot.foundationComplete === true,
  };
  const moduleTracks = MODULE_TRACK_IDS.map((track): TrackProgress => {
    const total = program.trainingTracks[track].modules;
    const completed = completedModules(snapshot, track);
    return { track, completed, total, complete: completed >= total };
  });
  return [foundation, ...moduleTracks];
}
