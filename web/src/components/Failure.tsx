/** The message of a lookup that could not open its page: server unreachable, or too many lookups. */
import { useTranslation } from 'react-i18next';
import type { LookupFailure } from '../lib/lookup.js';

/** Shows why a lookup failed, with a retry. */
export function Failure({ failure, onRetry }: { failure: LookupFailure; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    failure.kind === 'unreachable'
      ? t('errors.unreachable')
      : t('errors.rateLimited', { seconds: failure.seconds });
  return (
    <div className="zs-banner zs-banner-caution" role="alert" data-failure={failure.kind}>
      <p>{text}</p>
      <button type="button" className="zs-btn zs-btn-secondary" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}
