/** Errors of the event store. */
import { AppError } from '../../lib/errors.js';

export const eventIdConflict = (eventID: string, index: number) =>
  new AppError(
    'EVENTS_EVENTID_CONFLICT',
    `eventID ${JSON.stringify(eventID)} is already stored with different content; an event is changed only by an error declaration.`,
    { status: 409, path: `/epcisBody/eventList/${index}/eventID` },
  );
export const eventNotFound = (id: string) =>
  new AppError('EVENTS_NOT_FOUND', `No event ${JSON.stringify(id)} is visible to you.`, { status: 404 });
export const jobNotFound = (id: string) =>
  new AppError('EVENTS_CAPTURE_JOB_NOT_FOUND', `No capture job ${JSON.stringify(id)} of your organisation.`, {
    status: 404,
  });
export const queryNotFound = (name: string) =>
  new AppError('EVENTS_QUERY_NOT_FOUND', `No named query ${JSON.stringify(name)} of your organisation.`, {
    status: 404,
  });
export const queryExists = (name: string) =>
  new AppError('EVENTS_QUERY_EXISTS', `A named query ${JSON.stringify(name)} already exists.`, {
    status: 409,
  });
export const badPageToken = () =>
  new AppError('EPCIS_QUERY_PARAMETER', 'nextPageToken is not one this server issued for this query.', {
    status: 400,
    path: 'nextPageToken',
  });
export const tooManyEvents = (limit: number) =>
  new AppError(
    'EPCIS_QUERY_TOO_LARGE',
    `The query matches more than maxEventCount=${limit} events (QueryTooLargeException).`,
    { status: 413 },
  );
