/** Checks an EPCIS 2.0 JSON-LD event against the profile stage of its product's category item. */
import { findItem } from './catalogue.js';
import { eventLocalDate } from './dates.js';
import { checkElementValue } from './element-value.js';
import { findElement } from './elements.js';
import {
  isProjectBizStep,
  namespacePrefixes,
  normaliseBizStep,
  projectLocalName,
  ZS_PREFIX,
} from './namespace.js';
import type { ElementPlace, ProfileContext, ProfileIssue, RuleInput, Stage } from './profile.types.js';
import { findStage, isRequired, PROFILES } from './profiles.js';

// RFC 6901 §3: "~" and "/" inside a reference token are escaped.
const escapeToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

// Names that only ever hold a personal identifier in the clear; a hash belongs in patientIdHash.
const PLAIN_PATIENT_NAMES = new Set(['patientId', 'patientName', 'patientIdNumber', 'idCardNo']);

interface Found {
  key: string;
  value: unknown;
  place: ElementPlace;
}

function collect(event: Record<string, unknown>, prefixes: readonly string[]): Map<string, Found[]> {
  const out = new Map<string, Found[]>();
  const scan = (obj: unknown, place: ElementPlace) => {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
      const name = projectLocalName(key, prefixes);
      if (name === null) continue;
      out.set(name, [...(out.get(name) ?? []), { key, value, place }]);
    }
  };
  scan(event, 'event');
  scan(event.ilmd, 'ilmd');
  return out;
}

/**
 * The problems with `event` at the stage its bizStep names, for the product item in `context`. Events
 * whose bizStep is absent, or a CBV step the category's profile does not list, have no stage and no
 * issues; a project step (or a profile step) that does not apply to the item is CATALOGUE_STAGE_NOT_IN_PROFILE.
 */
export function checkEventAgainstProfile(
  event: Record<string, unknown>,
  context: ProfileContext,
): ProfileIssue[] {
  const base = context.pointer ?? '';
  const item = findItem(context.item);
  if (!item) {
    return [
      {
        code: 'CATALOGUE_UNKNOWN_ITEM',
        path: base,
        message: `unknown catalogue item ${JSON.stringify(context.item)}`,
      },
    ];
  }
  const prefixes = namespacePrefixes(event, context.prefixes);
  const bizStep = normaliseBizStep(event.bizStep, prefixes);
  if (bizStep === null) return [];
  const stage = findStage(item.category, bizStep, item.code);
  if (!stage) {
    const listed = PROFILES[item.category].stages.some((s) => s.bizStep === bizStep);
    if (!listed && !isProjectBizStep(bizStep)) return [];
    return [
      {
        code: 'CATALOGUE_STAGE_NOT_IN_PROFILE',
        path: `${base}/bizStep`,
        message: `bizStep ${bizStep} is not a stage of ${item.code} (${item.zh}) in the ${item.category} profile`,
      },
    ];
  }
  return checkStage(event, context, stage, prefixes);
}

function checkStage(
  event: Record<string, unknown>,
  context: ProfileContext,
  stage: Stage,
  prefixes: readonly string[],
): ProfileIssue[] {
  const base = context.pointer ?? '';
  const issues: ProfileIssue[] = [];
  const type = event.type;
  if (stage.eventTypes && !(stage.eventTypes as readonly unknown[]).includes(type)) {
    issues.push({
      code: 'CATALOGUE_BAD_EVENT_TYPE',
      path: `${base}/type`,
      message: `${stage.en} (${stage.id}) must be recorded as ${stage.eventTypes.join(' or ')}, got ${JSON.stringify(type)}`,
    });
  }
  const found = collect(event, prefixes);
  const uses = new Map(stage.elements.map((u) => [u.element, u]));
  const pointerOf = (name: string, place: ElementPlace, key = `${ZS_PREFIX}:${name}`) =>
    `${base}${place === 'ilmd' ? '/ilmd' : ''}/${escapeToken(key)}`;

  for (const use of stage.elements) {
    const def = findElement(use.element);
    if (!def) throw new Error(`catalogue bug: stage ${stage.id} uses undeclared element ${use.element}`);
    const hits = found.get(use.element) ?? [];
    const here = hits.filter((h) => h.place === use.place);
    if (here.length === 0) {
      const elsewhere = hits[0];
      if (elsewhere) {
        issues.push({
          code: 'CATALOGUE_MISPLACED_ELEMENT',
          path: pointerOf(use.element, elsewhere.place, elsewhere.key),
          element: use.element,
          message: `${use.element} belongs ${use.place === 'ilmd' ? 'inside ilmd' : 'at the top level of the event'} at ${stage.id}`,
        });
      } else if (isRequired(use, context.item)) {
        issues.push({
          code: 'CATALOGUE_MISSING_ELEMENT',
          path: pointerOf(use.element, use.place),
          element: use.element,
          message: `${use.element} (${def.zh}) is required at ${stage.id} for ${context.item}: ${use.source}`,
        });
      }
      continue;
    }
    for (const hit of here) {
      for (const p of checkElementValue(def, hit.value)) {
        issues.push({
          code: p.code ?? 'CATALOGUE_BAD_ELEMENT',
          path: pointerOf(use.element, hit.place, hit.key),
          element: use.element,
          message: `${use.element} ${p.message}`,
        });
      }
    }
  }
  for (const [name, hits] of found) {
    if (uses.has(name)) continue;
    for (const hit of hits) {
      const plain = PLAIN_PATIENT_NAMES.has(name);
      issues.push({
        code: plain ? 'CATALOGUE_PLAIN_PATIENT_ID' : 'CATALOGUE_UNKNOWN_ELEMENT',
        path: pointerOf(name, hit.place, hit.key),
        element: name,
        message: plain
          ? `${name} must not be stored; send patientIdHash (sha256:<hex> or sm3:<hex>) instead`
          : `${name} is not an element of ${stage.id}; allowed: ${[...uses.keys()].join(', ') || 'none'}`,
      });
    }
  }
  // Cross-element rules only run on values that passed their own checks, so they never repeat an issue.
  const broken = new Set(issues.map((i) => i.element).filter((e): e is string => e !== undefined));
  const input: RuleInput = {
    event,
    context,
    stage,
    eventDate: eventLocalDate(event),
    read(name) {
      const use = uses.get(name);
      if (!use || broken.has(name)) return undefined;
      return found.get(name)?.find((h) => h.place === use.place)?.value;
    },
    present(name) {
      const use = uses.get(name);
      return use !== undefined && (found.get(name) ?? []).some((h) => h.place === use.place);
    },
    pointer(name) {
      const use = uses.get(name);
      const hit = found.get(name)?.find((h) => h.place === use?.place);
      return pointerOf(name, use?.place ?? 'event', hit?.key);
    },
  };
  for (const rule of stage.rules ?? []) issues.push(...rule.check(input));
  return issues;
}
