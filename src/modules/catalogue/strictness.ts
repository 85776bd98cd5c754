/**
 * Strictness of the profile check, per organisation (issue 6): enterprises are rejected on any issue by
 * default; platform clients importing legacy data are warned, so the event is stored and the gaps recorded
 * for the completeness score.
 */
import type { ProfileIssue } from './profile.types.js';

/** What happens to an event with profile issues. */
export type Strictness = 'reject' | 'warn';

/** Who captures the event. */
export type CaptureActor = 'enterprise' | 'platform_client' | 'regulator' | 'platform_admin';

/** The strictness for an actor: the organisation's own setting if it has one, else the default. */
export function strictnessFor(actor: CaptureActor, orgSetting?: Strictness): Strictness {
  if (orgSetting !== undefined) return orgSetting;
  return actor === 'platform_client' ? 'warn' : 'reject';
}

/** The outcome of applying a strictness to the issues of one event. */
export interface ProfileVerdict {
  accepted: boolean;
  /** Issues that block the capture (all of them under `reject`). */
  errors: ProfileIssue[];
  /** Issues recorded with the stored event (all of them under `warn`). */
  warnings: ProfileIssue[];
}

/** Splits issues into blocking errors and recorded warnings. */
export function applyStrictness(issues: readonly ProfileIssue[], strictness: Strictness): ProfileVerdict {
  if (strictness === 'warn') return { accepted: true, errors: [], warnings: [...issues] };
  return { accepted: issues.length === 0, errors: [...issues], warnings: [] };
}
