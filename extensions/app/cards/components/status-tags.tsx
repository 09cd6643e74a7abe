import { Tag } from '@hubspot/ui-extensions';
import type { CertificationStatus, Priority } from '../card-data.js';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const CERTIFICATION_STATUS: Record<CertificationStatus, { label: string; variant: TagVariant }> = {
  active: { label: 'Active', variant: 'success' },
  expiring: { label: 'Expiring', variant: 'warning' },
  // Grace is the last chance to renew before the certification stops counting: the loudest colour.
  grace: { label: 'Grace period', variant: 'error' },
  // Expired no longer counts for anything: shown, but quiet.
  expired: { label: 'Expired', variant: 'default' },
};

const PRIORITY: Record<Priority, { label: string; variant: TagVariant }> = {
  high: { label: 'High', variant: 'error' },
  medium: { label: 'Medium', variant: 'warning' },
  low: { label: 'Low', variant: 'default' },
};

export function CertificationStatusTag({ status }: { status: CertificationStatus }) {
  const { label, variant } = CERTIFICATION_STATUS[status];
  return <Tag variant={variant}>{label}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  const { label, variant } = PRIORITY[priority];
  return <Tag variant={variant}>{label}</Tag>;
}
