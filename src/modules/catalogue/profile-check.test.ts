import { describe, expect, it } from 'vitest';
import { findItem, ITEMS } from './catalogue.js';
import { ELEMENTS } from './elements.js';
import { ZS_NAMESPACE } from './namespace.js';
import type { ElementUse, ProfileIssue, Stage } from './profile.types.js';
import { BAD, EVENT_TIME, VALID } from './profile-check.fixtures.js';
import { checkEventAgainstProfile } from './profile-check.js';
import { ALL_STAGES, isRequired, stageAppliesTo } from './profiles.js';

type Ev = Record<string, unknown>;

const key = (name: string) => `zs:${name}`;
const pathOf = (use: ElementUse) => `${use.place === 'ilmd' ? '/ilmd' : ''}/zs:${use.element}`;

function put(event: Ev, use: ElementUse, value: unknown): void {
  if (use.place === 'ilmd')
    event.ilmd = { ...((event.ilmd as Ev | undefined) ?? {}), [key(use.element)]: value };
  else event[key(use.element)] = value;
}

function baseEvent(stage: Stage): Ev {
  const type = stage.eventTypes?.[0] ?? 'ObjectEvent';
  const ev: Ev = { type, eventTime: EVENT_TIME, eventTimeZoneOffset: '+08:00', bizStep: stage.bizStep };
  if (type === 'ObjectEvent') {
    ev.action = stage.elements.some((u) => u.place === 'ilmd') ? 'ADD' : 'OBSERVE';
    ev.epcList = ['urn:zhuisu:test:item-1'];
  } else {
    ev.inputEPCList = ['urn:zhuisu:test:in-1'];
    ev.outputEPCList = ['urn:zhuisu:test:out-1'];
  }
  return ev;
}

/** An event carrying the required elements only, or every element the stage allows. */
function validEvent(stage: Stage, item: string, all = false): Ev {
  const ev = baseEvent(stage);
  for (const use of stage.elements) if (all || isRequired(use, item)) put(ev, use, VALID[use.element]);
  return ev;
}

const brief = (issues: ProfileIssue[]) => issues.map((i) => [i.code, i.path, i.element]);

const cases = ALL_STAGES.flatMap((stage) =>
  ITEMS.filter((i) => i.category === stage.id.split('.')[0] && stageAppliesTo(stage, i.code)).map((item) => ({
    stage,
    item: item.code,
    label: `${stage.id} for ${item.code}`,
  })),
);

describe('every stage profile, for every item it applies to', () => {
  it('covers all 31 annex items with at least one stage', () => {
    expect(new Set(cases.map((c) => c.item)).size).toBe(ITEMS.length);
  });

  describe.each(cases)('$label', ({ stage, item }) => {
    const check = (ev: Ev, extra = {}) => checkEventAgainstProfile(ev, { item, ...extra });

    it('accepts an event with only the required elements', () => {
      expect(check(validEvent(stage, item))).toEqual([]);
    });

    it('accepts an event with every allowed element', () => {
      expect(check(validEvent(stage, item, true))).toEqual([]);
    });

    const required = stage.elements.filter((u) => isRequired(u, item));
    it.each(required.map((u) => [u.element, u] as const))('reports a missing %s', (_name, use) => {
      const ev = validEvent(stage, item);
      if (use.place === 'ilmd') delete (ev.ilmd as Ev)[key(use.element)];
      else delete ev[key(use.element)];
      expect(brief(check(ev))).toEqual([['CATALOGUE_MISSING_ELEMENT', pathOf(use), use.element]]);
    });

    const malformed = stage.elements.flatMap((use) =>
      (BAD[use.element] ?? [])
        .filter((b) => b.onlyFor === undefined || b.onlyFor.includes(item))
        .map((b) => [use.element, JSON.stringify(b.value), use, b] as const),
    );
    it.each(malformed)('reports a malformed %s = %s', (_n, _v, use, bad) => {
      const ev = validEvent(stage, item, true);
      put(ev, use, bad.value);
      expect(brief(check(ev))).toEqual([[bad.code ?? 'CATALOGUE_BAD_ELEMENT', pathOf(use), use.element]]);
    });

    it('reports an element the stage does not allow, with its pointer', () => {
      const ev = validEvent(stage, item);
      ev['zs:colour/shade'] = 'red';
      expect(brief(check(ev, { pointer: '/epcisBody/eventList/4' }))).toEqual([
        ['CATALOGUE_UNKNOWN_ELEMENT', '/epcisBody/eventList/4/zs:colour~1shade', 'colour/shade'],
      ]);
    });

    it('accepts the full project IRI as element key and bizStep', () => {
      const ev = validEvent(stage, item);
      for (const k of Object.keys(ev)) {
        if (k.startsWith('zs:')) {
          ev[`${ZS_NAMESPACE}${k.slice(3)}`] = ev[k];
          delete ev[k];
        }
      }
      if (stage.bizStep.startsWith('zs:')) ev.bizStep = `${ZS_NAMESPACE}${stage.bizStep.slice(3)}`;
      const topLevelRequired = required.filter((u) => u.place === 'event');
      const issues = check(ev);
      expect(issues).toEqual([]);
      if (topLevelRequired.length > 0) {
        delete ev[`${ZS_NAMESPACE}${topLevelRequired[0]!.element}`];
        expect(check(ev).map((i) => i.code)).toEqual(['CATALOGUE_MISSING_ELEMENT']);
      }
    });

    const ilmd = stage.elements.filter((u) => u.place === 'ilmd');
    if (ilmd.length > 0) {
      it('reports an ILMD element sent at the top level as misplaced', () => {
        const use = ilmd[0]!;
        const ev = validEvent(stage, item, true);
        delete (ev.ilmd as Ev)[key(use.element)];
        ev[key(use.element)] = VALID[use.element];
        expect(brief(check(ev))).toEqual([
          ['CATALOGUE_MISPLACED_ELEMENT', `/zs:${use.element}`, use.element],
        ]);
      });
    }

    if (stage.eventTypes) {
      it('reports an event type the stage does not take', () => {
        const ev = { ...validEvent(stage, item), type: 'AssociationEvent' };
        expect(brief(check(ev))).toEqual([['CATALOGUE_BAD_EVENT_TYPE', '/type', undefined]]);
      });
    }
  });
});

describe('fixtures', () => {
  it('have a valid value for every declared element and only for declared ones', () => {
    expect(Object.keys(VALID).sort()).toEqual(ELEMENTS.map((e) => e.name).sort());
    for (const name of Object.keys(BAD)) expect(VALID).toHaveProperty(name);
  });
});

describe('stage selection', () => {
  const tea = { item: 'AGRI_TEA' };
  it('finds no stage and no issue for a CBV step the profile does not list', () => {
    expect(checkEventAgainstProfile({ type: 'ObjectEvent', bizStep: 'packing' }, tea)).toEqual([]);
  });
  it('finds no stage for an event without bizStep', () => {
    expect(checkEventAgainstProfile({ type: 'ObjectEvent', 'zs:whatever': 1 }, tea)).toEqual([]);
  });
  it('rejects slaughter of tea: a profile step that does not apply to the item', () => {
    const issues = checkEventAgainstProfile({ type: 'ObjectEvent', bizStep: 'killing' }, tea);
    expect(brief(issues)).toEqual([['CATALOGUE_STAGE_NOT_IN_PROFILE', '/bizStep', undefined]]);
  });
  it('rejects a project step of another category (cylinder filling on tea)', () => {
    const issues = checkEventAgainstProfile({ bizStep: 'zs:BizStep-filling' }, tea);
    expect(issues.map((i) => i.code)).toEqual(['CATALOGUE_STAGE_NOT_IN_PROFILE']);
    expect(issues[0]!.message).toContain('AGRI_TEA');
  });
  it('rejects an unknown item', () => {
    expect(checkEventAgainstProfile({ bizStep: 'shipping' }, { item: 'AGRI_RICE' })).toEqual([
      { code: 'CATALOGUE_UNKNOWN_ITEM', path: '', message: 'unknown catalogue item "AGRI_RICE"' },
    ]);
  });
  it('reads a prefix the event binds to the project namespace in its own @context', () => {
    const ev: Ev = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { zhu: ZS_NAMESPACE }],
      type: 'ObjectEvent',
      eventTime: EVENT_TIME,
      eventTimeZoneOffset: '+08:00',
      bizStep: 'zhu:BizStep-quarantine',
      'zhu:quarantineCertNo': '3612345678',
    };
    expect(brief(checkEventAgainstProfile(ev, { item: 'AGRI_PIG' }))).toEqual([
      ['CATALOGUE_MISSING_ELEMENT', '/zs:quarantineResult', 'quarantineResult'],
    ]);
  });
  it('accepts the CBV Web URI and URN forms of a bizStep', () => {
    for (const bizStep of [
      'https://ref.gs1.org/cbv/BizStep-receiving',
      'urn:epcglobal:cbv:bizstep:receiving',
    ]) {
      const issues = checkEventAgainstProfile({ type: 'ObjectEvent', bizStep }, { item: 'AGRI_PIG' });
      expect(brief(issues)).toEqual([
        ['CATALOGUE_MISSING_ELEMENT', '/zs:quarantineCertNo', 'quarantineCertNo'],
      ]);
    }
  });
  it('names the item in a missing-element message', () => {
    const [issue] = checkEventAgainstProfile({ bizStep: 'receiving' }, { item: 'FOOD_DAIRY' });
    expect(issue?.message).toContain(
      'supplierLicenceNo (供货者许可证编号) is required at FOOD.receiving for FOOD_DAIRY',
    );
    expect(findItem('FOOD_DAIRY')?.zh).toBe('乳制品');
  });
});
