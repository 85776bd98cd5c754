/** Errors of query subscriptions. */
import { AppError, type ProblemItem } from '../../../lib/errors.js';

export const subscriptionNotFound = (queryName: string, id: string) =>
  new AppError(
    'SUBSCRIPTION_NOT_FOUND',
    `No subscription ${JSON.stringify(id)} on your named query ${JSON.stringify(queryName)}.`,
    { status: 404 },
  );

/** A subscription request that breaks the rules; lists every problem with its path (SubscribeControlException). */
export const badSubscription = (problems: ProblemItem[]) =>
  new AppError(
    'SUBSCRIPTION_INVALID',
    problems.length === 1
      ? problems[0]!.message
      : `${problems.length} problems; the first: ${problems[0]!.message}`,
    { status: 400, errors: problems, ...(problems[0]!.path ? { path: problems[0]!.path } : {}) },
  );
