/** Cross-element rules of civil-explosive stages: the job balance and count-versus-codes agreement. */
import { detonatorBalance, detonatorCodesOf } from './detonator-balance.js';
import type { ProfileIssue, StageRule } from './profile.types.js';

/**
 * A use or return must not take the job's balance below zero nor move a detonator that is not out
 * (民用爆炸物品安全管理条例: 领取、发放、清退 records; CHINA-TRACE-FACTS §5). Needs the job's earlier events.
 */
export const detonatorJobBalanceRule: StageRule = {
  id: 'detonator_job_balance',
  source: '民用爆炸物品安全管理条例 领取发放清退',
  check(input) {
    if (input.context.item !== 'HAZMAT_DETONATOR' || input.context.blastingJobEvents === undefined) return [];
    const events = [...input.context.blastingJobEvents, input.event];
    const current = events.length - 1;
    const balance = detonatorBalance(events, { shiftEnded: false, prefixes: input.context.prefixes ?? [] });
    return balance.issues
      .filter((i) => i.eventIndex === current)
      .map(
        (i): ProfileIssue => ({
          code: i.code,
          path:
            i.code === 'CATALOGUE_DETONATOR_CODE'
              ? `${input.context.pointer ?? ''}/epcList`
              : input.pointer('detonatorCount'),
          element: i.code === 'CATALOGUE_DETONATOR_CODE' ? undefined : 'detonatorCount',
          message: i.message,
        }),
      );
  },
};

/** When an event lists detonator codes, its stated count must equal their number. */
export const detonatorCountRule: StageRule = {
  id: 'detonator_count_matches_codes',
  source: '民用爆炸物品安全管理条例: records give 数量 and 编号; GA 441-2003 codes',
  check(input) {
    const count = input.read('detonatorCount');
    const codes = detonatorCodesOf(input.event);
    if (typeof count !== 'number' || codes.length === 0 || codes.length === count) return [];
    return [
      {
        code: 'CATALOGUE_BAD_ELEMENT',
        path: input.pointer('detonatorCount'),
        element: 'detonatorCount',
        message: `detonatorCount is ${count} but epcList names ${codes.length} detonator code(s)`,
      },
    ];
  },
};
