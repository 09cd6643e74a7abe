import { useState } from 'react';
import { Alert, Button, Flex, Input, Tag, Text } from '@hubspot/ui-extensions';
import { CardRequestError, decideIncentive, type Backend } from '../api.js';
import type { IncentiveDecision, IncentiveRequestStatus, IncentiveRequestView } from '../card-data.js';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const STATUS: Record<IncentiveRequestStatus, { label: string; variant: TagVariant }> = {
  pending: { label: 'Pending', variant: 'warning' },
  approved: { label: 'Approved, unpaid', variant: 'info' },
  rejected: { label: 'Rejected', variant: 'error' },
  paid: { label: 'Paid', variant: 'success' },
};

type Answer = { status: 'idle' } | { status: 'running' } | { status: 'done'; tone: 'success' | 'warning'; message: string } | { status: 'failed'; message: string };

function RequestRow({ request, busy, onDecide }: { request: IncentiveRequestView; busy: boolean; onDecide: (decision: IncentiveDecision, reason?: string) => void }) {
  const [reason, setReason] = useState('');
  const status = STATUS[request.status];
  return (
    <Flex direction="column" gap="xs" testId={`incentive-${request.requestId}`}>
      <Flex direction="row" gap="sm" align="center">
        <Tag variant={status.variant}>{status.label}</Tag>
        <Text>{[request.title, request.amount].filter(Boolean).join(' · ')}</Text>
      </Flex>
      {request.status === 'pending' ? (
        <Flex direction="row" gap="sm" align="end" wrap="wrap">
          <Button testId="incentive-approve" variant="primary" disabled={busy} onClick={() => onDecide('approve')}>
            Approve
          </Button>
          <Input testId="incentive-reason" name="reason" label="Rejection reason" value={reason} onChange={(value) => setReason(String(value))} />
          <Button testId="incentive-reject" variant="destructive" disabled={busy || reason.trim() === ''} onClick={() => onDecide('reject', reason.trim())}>
            Reject
          </Button>
        </Flex>
      ) : (
        <Button testId="incentive-pay" variant="secondary" disabled={busy} onClick={() => onDecide('pay')}>
          Mark paid
        </Button>
      )}
    </Flex>
  );
}

/** The partner's incentive requests waiting for a person, each with its decisions (docs/incentives.md, "Decisions"). */
export function IncentivesSection({ backend, companyId, requests }: { backend: Backend; companyId: string; requests: IncentiveRequestView[] }) {
  const [open, setOpen] = useState(requests);
  const [answer, setAnswer] = useState<Answer>({ status: 'idle' });
  const decide = (requestId: string) => (decision: IncentiveDecision, reason?: string) => {
    setAnswer({ status: 'running' });
    decideIncentive(backend, companyId, { requestId, decision, ...(reason ? { reason } : {}) }).then(
      (result) => {
        setOpen(result.open);
        setAnswer({ status: 'done', tone: result.outcome === 'decided' ? 'success' : 'warning', message: result.message });
      },
      (error: unknown) => setAnswer({ status: 'failed', message: error instanceof CardRequestError ? error.message : 'Something went wrong.' }),
    );
  };
  return (
    <Flex direction="column" gap="sm" testId="incentives">
      {open.length === 0 ? <Text testId="no-incentives">No incentive requests are waiting.</Text> : null}
      {open.map((request) => (
        <RequestRow key={request.requestId} request={request} busy={answer.status === 'running'} onDecide={decide(request.requestId)} />
      ))}
      {answer.status === 'done' ? (
        <Alert testId="incentive-result" title="Incentive request" variant={answer.tone}>
          {answer.message}
        </Alert>
      ) : null}
      {answer.status === 'failed' ? (
        <Alert testId="incentive-error" title="Could not decide" variant="error">
          {answer.message}
        </Alert>
      ) : null}
    </Flex>
  );
}
