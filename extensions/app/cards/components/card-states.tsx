import { Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { CardRequestError } from '../api.js';

export function CardLoading({ label }: { label: string }) {
  return <LoadingSpinner testId="card-loading" label={label} layout="centered" showLabel />;
}

/** The error state; a retry is offered unless the card is not configured (retrying would not help). */
export function CardError({ error, onRetry }: { error: CardRequestError; onRetry: () => void }) {
  const retryable = error.code !== 'NOT_CONFIGURED';
  return (
    <ErrorState testId="card-error" title="Could not load partner enablement" type="error">
      <Text>{error.message}</Text>
      {retryable ? (
        <Button testId="retry" variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </ErrorState>
  );
}
