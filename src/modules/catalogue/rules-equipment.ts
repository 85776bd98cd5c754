/** Cross-element rules of special-equipment stages: due dates, overdue cylinders, filling pressure. */
import { addDays } from './dates.js';
import type { ProfileIssue, RuleInput, StageRule } from './profile.types.js';

// TSG T5002-2017 电梯维护保养规则: maintenance at least every 15 days (from memory; not in the facts file).
const ELEVATOR_MAINTENANCE_DAYS = 15;

const bad = (input: RuleInput, element: string, message: string): ProfileIssue => ({
  code: 'CATALOGUE_BAD_ELEMENT',
  path: input.pointer(element),
  element,
  message,
});

/**
 * A next-due date must lie after the event and, when `maxDays` is given, within that many days of it for
 * the items in `cappedFor`.
 */
export function nextDueRule(element: string, maxDays?: number, cappedFor: readonly string[] = []): StageRule {
  return {
    id: `${element}_after_event`,
    source: maxDays ? 'TSG T5002-2017 半月维保' : '特种设备安全法 第四十条',
    check(input) {
      const v = input.read(element);
      if (typeof v !== 'string' || input.eventDate === null) return [];
      if (v <= input.eventDate)
        return [bad(input, element, `${element} ${v} must be after the event date ${input.eventDate}`)];
      if (
        maxDays !== undefined &&
        cappedFor.includes(input.context.item) &&
        v > addDays(input.eventDate, maxDays)
      ) {
        return [
          bad(
            input,
            element,
            `${element} ${v} is more than ${maxDays} days after the event date ${input.eventDate} (TSG T5002)`,
          ),
        ];
      }
      return [];
    },
  };
}

/** Maintenance: the next visit is due after this one, and within 15 days for elevators. */
export const maintenanceDueRule = nextDueRule('nextMaintenanceDue', ELEVATOR_MAINTENANCE_DAYS, [
  'EQUIP_ELEVATOR',
]);

/**
 * A cylinder past its periodic-inspection date must not be filled (TSG 23-2021 充装前检查: 超过检验期限的气瓶
 * 不得充装; 特种设备安全法 第四十条: 未经定期检验的不得继续使用). Both the date the event states and the register's
 * date (context) are checked, and they must agree.
 */
export const cylinderNotOverdueRule: StageRule = {
  id: 'cylinder_not_overdue',
  source: 'TSG 23-2021; 特种设备安全法 第四十条',
  check(input) {
    if (input.eventDate === null) return [];
    const out: ProfileIssue[] = [];
    const stated = input.read('nextInspectionDate');
    const registered = input.context.equipment?.nextInspectionDate;
    if (typeof stated === 'string' && registered !== undefined && stated !== registered) {
      out.push(
        bad(
          input,
          'nextInspectionDate',
          `nextInspectionDate ${stated} differs from the register's ${registered}`,
        ),
      );
    }
    const dates = [stated, registered].filter((d): d is string => typeof d === 'string');
    const due = dates.sort()[0];
    if (due !== undefined && due < input.eventDate) {
      out.push({
        code: 'CATALOGUE_CYLINDER_OVERDUE',
        path: input.pointer('nextInspectionDate'),
        element: 'nextInspectionDate',
        message: `the cylinder's periodic inspection was due on ${due}; it must not be filled on ${input.eventDate}`,
      });
    }
    return out;
  },
};

/** Filling pressure must not exceed the cylinder's nominal working pressure (TSG 23-2021 过量充装). */
export const fillingPressureRule: StageRule = {
  id: 'filling_pressure',
  source: 'TSG 23-2021 充装: no overfilling',
  check(input) {
    const p = input.read('fillingPressureMPa');
    const nominal = input.context.equipment?.nominalWorkingPressureMPa;
    if (typeof p !== 'number' || nominal === undefined || p <= nominal) return [];
    return [
      bad(
        input,
        'fillingPressureMPa',
        `filling pressure ${p} MPa exceeds the nominal working pressure ${nominal} MPa`,
      ),
    ];
  },
};
